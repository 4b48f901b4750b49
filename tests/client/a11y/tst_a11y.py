#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tst_a11y: the real `metaverse` app driven through the accessibility bus (AT-SPI) alone.

As a screen reader or a voice-control tool would: it finds controls by role and accessible name,
presses buttons with their AT-SPI "Press" action, focuses text fields with grabFocus() and types
with AT-SPI's synthesized key events. It signs in, enters a space, uses "Go to" in the Nearby
list and sends a chat message; a button that ignores Press fails it at once.

Everything is private to the run: a D-Bus session bus (dbus-run-session, started by CTest) with
its AT-SPI bus, an Xvfb display (key events go through XTest), a metaverse-server on a free port
with its data in a temporary directory, and the app's settings. Setup that is not the user's
(an account, a space with a plant near the door) is done over REST, like the other e2e tests.

Usage (CTest runs it): dbus-run-session -- python3 tst_a11y.py METAVERSE METAVERSE_SERVER OUTDIR
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

TIMEOUT = 60.0  # seconds for the app to reach a state (a slow, shared CI machine)


class Failure(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rest(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read() or b"{}")


def wait_until(what, probe, timeout=TIMEOUT):
    """Polls `probe` (the accessibility tree has no change signal we can wait on from here)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure("timed out waiting for " + what)
        time.sleep(0.1)


class Tree:
    """Finds the app's accessible objects by role and name (pyatspi)."""

    def __init__(self, pyatspi, app):
        self.pyatspi = pyatspi
        self.app = app

    def find(self, role, name=None, pattern=None, showing=True):
        def match(node):
            try:
                if node.getRoleName() != role:
                    return False
                if name is not None and node.name != name:
                    return False
                if pattern is not None and not re.search(pattern, node.name or ""):
                    return False
                if showing and not node.getState().contains(self.pyatspi.STATE_SHOWING):
                    return False
                return True
            except Exception:  # a node that went away while we walked
                return False

        return self.pyatspi.findDescendant(self.app, match)

    def wait(self, role, name=None, pattern=None):
        label = "%s %r" % (role, name if name is not None else pattern)
        return wait_until(label, lambda: self.find(role, name, pattern))

    def press(self, node):
        action = node.queryAction()
        names = [action.getName(i) for i in range(action.nActions)]
        if "Press" not in names:
            raise Failure("%r has no Press action (actions: %s)" % (node.name, names))
        action.doAction(names.index("Press"))

    def type_into(self, node, text):
        if not node.queryComponent().grabFocus():
            raise Failure("cannot focus %r" % node.name)
        wait_until("focus on %r" % node.name, lambda: node.getState().contains(self.pyatspi.STATE_FOCUSED))
        self.pyatspi.Registry.generateKeyboardEvent(0, text, self.pyatspi.KEY_STRING)


def main():
    app_binary, server_binary, outdir = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="metaverse-a11y-")
    processes = []

    def start(args, env=None, log=None, pass_fds=()):
        out = open(os.path.join(outdir, log), "w") if log else subprocess.DEVNULL
        process = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, pass_fds=pass_fds)
        processes.append(process)
        return process

    try:
        # The display: Xvfb picks a free number and writes it to the pipe.
        read_end, write_end = os.pipe()
        start(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
              log="xvfb.log", pass_fds=(write_end,))
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            display = ":" + pipe.readline().strip()
        # The accessibility buses start on demand from this session bus: with the display, so
        # that the registry synthesizes key events on it (XTest).
        subprocess.run(["dbus-update-activation-environment", "DISPLAY=" + display], check=True)

        port = free_port()
        base = "http://127.0.0.1:%d" % port
        start([server_binary, "--data-dir", os.path.join(work, "data"), "--http-port", str(port),
               "--ws-port", "0", "--chat-port", "0", "--bcrypt-cost", "4", "--rate-limit-auth", "0",
               "--log-level", "warning"], log="server.log")

        def healthy():
            try:
                with urllib.request.urlopen(base + "/health", timeout=1) as reply:
                    return reply.status == 200
            except OSError:
                return False

        wait_until("the server", healthy)

        # The user's account and space: a 12x8 room with a plant near where people arrive.
        rest(base, "POST", "/api/v1/signup", {"username": "reader", "password": "correct horse", "type": "user"})
        token = rest(base, "POST", "/api/v1/signin", {"username": "reader", "password": "correct horse"})["token"]
        space = rest(base, "POST", "/api/v1/space", {"name": "Quiet room", "dimensions": "12x8"}, token)["spaceId"]
        elements = rest(base, "GET", "/api/v1/elements", token=token)["elements"]
        plant = next(e["id"] for e in elements if e["name"] == "Potted Plant")
        rest(base, "POST", "/api/v1/space/element", {"spaceId": space, "elementId": plant, "x": 9, "y": 6}, token)

        # pyatspi reads DBUS_SESSION_BUS_ADDRESS when it is imported: the private bus is set by now.
        import pyatspi

        env = dict(os.environ)
        env.update({
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "QT_QUICK_BACKEND": "software",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "XDG_RUNTIME_DIR": work,
            "LANGUAGE": "en",
        })
        app_process = start([app_binary, "--server", base, "--settings", os.path.join(work, "settings.ini"),
                             "--no-keychain", "--language", "en"], env=env, log="app.log")

        def the_app():
            if app_process.poll() is not None:
                raise Failure("the app exited with %d (see app.log)" % app_process.returncode)
            for candidate in pyatspi.Registry.getDesktop(0):
                if candidate is not None and candidate.name == "metaverse":
                    return candidate
            return None

        tree = Tree(pyatspi, wait_until("the app on the accessibility bus", the_app))

        # Sign in: the tab, the two fields (each with its name), the button.
        tree.press(tree.wait("page tab", "Sign in"))
        tree.type_into(tree.wait("text", "Username"), "reader")
        password = tree.wait("password text")
        tree.type_into(password, "correct horse")
        tree.press(tree.wait("push button", "Sign in"))

        # The dashboard: enter the space.
        tree.press(tree.wait("push button", "Enter Quiet room"))
        status = tree.wait("label", pattern=r"you are at \d+, \d+")

        # Nearby: the plant, then "Go to" walks next to it (9,6 is its tile).
        tree.wait("list item", pattern=r"^Potted Plant, ")
        tree.press(tree.wait("push button", "Walk to Potted Plant"))

        def beside_the_plant():
            found = re.search(r"you are at (\d+), (\d+)", status.name or "")
            return found and abs(int(found.group(1)) - 9) + abs(int(found.group(2)) - 6) == 1

        wait_until("the walk to the plant", beside_the_plant)
        wait_until("the Nearby row to say the plant is next to you",
                   lambda: tree.find("list item", pattern=r"^Potted Plant, 1 tile (east|west|north|south), "))

        # The chat: type into the message field and press Send.
        text = "Hello from the accessibility tree"
        tree.type_into(tree.wait("text", "Message to #general"), text)
        tree.press(tree.wait("push button", "Send message"))
        room = rest(base, "GET", "/api/v1/chatrooms?spaceId=" + space, token=token)["chatrooms"][0]["id"]

        def stored():
            messages = rest(base, "GET", "/api/v1/chatrooms/%s/messages" % room, token=token)["messages"]
            return any(m.get("content") == text for m in messages)

        wait_until("the message on the server", stored)
        print("tst_a11y: signed in, entered, walked to the plant and chatted through AT-SPI")
        print("1 passed, 0 failed")
        return 0
    except Failure as failure:
        print("tst_a11y FAILED: %s (logs in %s)" % (failure, outdir), file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
