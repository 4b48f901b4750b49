<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AppHeader</name>
    <message>
        <source>Metaverse</source>
        <translation>Metaverse</translation>
    </message>
    <message>
        <source>Spaces</source>
        <translation>Spaces</translation>
    </message>
    <message>
        <source>Avatar</source>
        <translation>Avatar</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
</context>
<context>
    <name>AvatarBadge</name>
    <message>
        <source>Avatar of %1</source>
        <translation>Avatar of %1</translation>
    </message>
</context>
<context>
    <name>AvatarPage</name>
    <message>
        <source>Choose your avatar</source>
        <translation>Choose your avatar</translation>
    </message>
    <message>
        <source>This is how your colleagues see you when you walk around a space.</source>
        <translation>This is how your colleagues see you when you walk around a space.</translation>
    </message>
    <message>
        <source>The avatars could not be loaded</source>
        <translation>The avatars could not be loaded</translation>
    </message>
    <message>
        <source>This server has no avatars yet.</source>
        <translation>This server has no avatars yet.</translation>
    </message>
    <message>
        <source>Loading avatars…</source>
        <translation>Loading avatars…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Avatars</source>
        <translation>Avatars</translation>
    </message>
    <message>
        <source>Preview of the selected avatar</source>
        <translation>Preview of the selected avatar</translation>
    </message>
    <message>
        <source>Pick an avatar</source>
        <translation>Pick an avatar</translation>
    </message>
    <message>
        <source>This is your avatar</source>
        <translation>This is your avatar</translation>
    </message>
    <message>
        <source>Use this avatar</source>
        <translation>Use this avatar</translation>
    </message>
    <message>
        <source>Back to spaces</source>
        <translation>Back to spaces</translation>
    </message>
</context>
<context>
    <name>AvatarTile</name>
    <message>
        <source>%1 (current avatar)</source>
        <translation>%1 (current avatar)</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Current</translation>
    </message>
</context>
<context>
    <name>BanRow</name>
    <message>
        <source>%1, banned: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, banned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lift the ban on %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Catalogue</name>
    <message>
        <source>Wall</source>
        <translation>Wall</translation>
    </message>
    <message>
        <source>Long Wall</source>
        <translation>Long Wall</translation>
    </message>
    <message>
        <source>Window Wall</source>
        <translation>Window Wall</translation>
    </message>
    <message>
        <source>Door</source>
        <translation>Door</translation>
    </message>
    <message>
        <source>Wood Floor</source>
        <translation>Wood Floor</translation>
    </message>
    <message>
        <source>Carpet Floor</source>
        <translation>Carpet Floor</translation>
    </message>
    <message>
        <source>Rug</source>
        <translation>Rug</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>Desk with Monitor</source>
        <translation>Desk with Monitor</translation>
    </message>
    <message>
        <source>Office Chair</source>
        <translation>Office Chair</translation>
    </message>
    <message>
        <source>Meeting Table</source>
        <translation>Meeting Table</translation>
    </message>
    <message>
        <source>Whiteboard</source>
        <translation>Whiteboard</translation>
    </message>
    <message>
        <source>Bookshelf</source>
        <translation>Bookshelf</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Water Cooler</source>
        <translation>Water Cooler</translation>
    </message>
    <message>
        <source>Coffee Counter</source>
        <translation>Coffee Counter</translation>
    </message>
    <message>
        <source>Sofa</source>
        <translation>Sofa</translation>
    </message>
    <message>
        <source>Armchair</source>
        <translation>Armchair</translation>
    </message>
    <message>
        <source>Coffee Table</source>
        <translation>Coffee Table</translation>
    </message>
    <message>
        <source>Bean Bag</source>
        <translation>Bean Bag</translation>
    </message>
    <message>
        <source>Floor Lamp</source>
        <translation>Floor Lamp</translation>
    </message>
    <message>
        <source>Potted Plant</source>
        <translation>Potted Plant</translation>
    </message>
    <message>
        <source>Large Plant</source>
        <translation>Large Plant</translation>
    </message>
    <message>
        <source>Trash Bin</source>
        <translation>Trash Bin</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Lounge</source>
        <translation>Lounge</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>Hall</translation>
    </message>
</context>
<context>
    <name>ChatInput</name>
    <message>
        <source>Message #%1</source>
        <translation>Message #%1</translation>
    </message>
    <message>
        <source>Message to #%1</source>
        <translation>Message to #%1</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Send message</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line, Tab completes an @mention</source>
        <translation>Enter sends, Shift+Enter starts a new line, Tab completes an @mention</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>%1 online in #%2</source>
        <translation>%1 online in #%2</translation>
    </message>
    <message>
        <source>Connection to the chat lost. Reconnecting…</source>
        <translation>Connection to the chat lost. Reconnecting…</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Connecting to the chat…</source>
        <translation>Connecting to the chat…</translation>
    </message>
    <message>
        <source>No messages yet. Say hello!</source>
        <translation>No messages yet. Say hello!</translation>
    </message>
    <message>
        <source>This space has no chat rooms.</source>
        <translation>This space has no chat rooms.</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) ↓</source>
        <translation>
            <numerusform>%n new message ↓</numerusform>
            <numerusform>%n new messages ↓</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s): show them</source>
        <translation>
            <numerusform>%n new message: show it</numerusform>
            <numerusform>%n new messages: show them</numerusform>
        </translation>
    </message>
    <message>
        <source>New room</source>
        <translation>New room</translation>
    </message>
    <message>
        <source>Create a chat room</source>
        <translation>Create a chat room</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>Rename #%1</source>
        <translation>Rename #%1</translation>
    </message>
    <message>
        <source>Invite</source>
        <translation>Invite</translation>
    </message>
    <message>
        <source>Invite someone to #%1</source>
        <translation>Invite someone to #%1</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Leave</translation>
    </message>
    <message>
        <source>Leave #%1</source>
        <translation>Leave #%1</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Delete #%1</source>
        <translation>Delete #%1</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Unmute</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Mute</translation>
    </message>
    <message>
        <source>Unmute #%1</source>
        <translation>Unmute #%1</translation>
    </message>
    <message>
        <source>Mute #%1 (mentions still notify)</source>
        <translation>Mute #%1 (mentions still notify)</translation>
    </message>
</context>
<context>
    <name>ChatRoomDelegate</name>
    <message>
        <source>%1 online</source>
        <translation>%1 online</translation>
    </message>
    <message>
        <source>Conversation with %1</source>
        <translation>Conversation with %1</translation>
    </message>
    <message>
        <source>Private room %1</source>
        <translation>Private room %1</translation>
    </message>
    <message>
        <source>Room %1</source>
        <translation>Room %1</translation>
    </message>
    <message>
        <source>%1, %2 unread, %3 online</source>
        <translation>%1, %2 unread, %3 online</translation>
    </message>
    <message>
        <source>%1, %2 online</source>
        <translation>%1, %2 online</translation>
    </message>
</context>
<context>
    <name>ChatRoomList</name>
    <message>
        <source>Chat rooms</source>
        <translation>Chat rooms</translation>
    </message>
</context>
<context>
    <name>CreateSpaceDialog</name>
    <message>
        <source>My %1</source>
        <translation>My %1</translation>
    </message>
    <message>
        <source>New space from “%1”</source>
        <translation>New space from “%1”</translation>
    </message>
    <message>
        <source>New empty space</source>
        <translation>New empty space</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size in tiles</source>
        <translation>Size in tiles</translation>
    </message>
    <message>
        <source>Width × height, for example 30x20 (each side 1 to 1000).</source>
        <translation>Width × height, for example 30x20 (each side 1 to 1000).</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Create space</source>
        <translation>Create space</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Hello, %1</source>
        <translation>Hello, %1</translation>
    </message>
    <message>
        <source>Pick a space to meet your team, or make a new one.</source>
        <translation>Pick a space to meet your team, or make a new one.</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>New empty space</source>
        <translation>New empty space</translation>
    </message>
    <message>
        <source>You have no avatar yet. Choose one so your colleagues recognise you.</source>
        <translation>You have no avatar yet. Choose one so your colleagues recognise you.</translation>
    </message>
    <message>
        <source>Choose avatar</source>
        <translation>Choose avatar</translation>
    </message>
    <message>
        <source>Your spaces could not be loaded</source>
        <translation>Your spaces could not be loaded</translation>
    </message>
    <message>
        <source>Loading your spaces…</source>
        <translation>Loading your spaces…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Your spaces</source>
        <translation>Your spaces</translation>
    </message>
    <message>
        <source>You have no spaces yet. Start from one of the templates below, or create an empty space.</source>
        <translation>You have no spaces yet. Start from one of the templates below, or create an empty space.</translation>
    </message>
    <message>
        <source>Shared with you</source>
        <translation>Shared with you</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Templates</translation>
    </message>
    <message>
        <source>This server has no templates yet.</source>
        <translation>This server has no templates yet.</translation>
    </message>
    <message>
        <source>Join with a link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>metaverse://… or https://…/invite/…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste an invite link someone sent you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join with this link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no spaces on this server yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next page</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeleteSpaceDialog</name>
    <message>
        <source>Delete “%1”?</source>
        <translation>Delete “%1”?</translation>
    </message>
    <message>
        <source>The space, everything placed in it and its chat history will be deleted. This cannot be undone.</source>
        <translation>The space, everything placed in it and its chat history will be deleted. This cannot be undone.</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Keep it</translation>
    </message>
    <message>
        <source>Delete space</source>
        <translation>Delete space</translation>
    </message>
</context>
<context>
    <name>InviteLink</name>
    <message>
        <source>This is not an invite link. It looks like metaverse://host:port/invite/… or https://server/invite/…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InviteRow</name>
    <message>
        <source>Editors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>used %1 of %2 times</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>used %n time(s)</source>
        <translation>
            <numerusform>used %n time</numerusform>
            <numerusform>used %n times</numerusform>
        </translation>
    </message>
    <message>
        <source>Invite link: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy app link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy web link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke invite link: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Metaverse — %1</source>
        <translation>Metaverse — %1</translation>
    </message>
    <message>
        <source>Metaverse</source>
        <translation>Metaverse</translation>
    </message>
</context>
<context>
    <name>MemberRow</name>
    <message>
        <source>%1, may edit</source>
        <translation>%1, may edit</translation>
    </message>
    <message>
        <source>%1, may visit</source>
        <translation>%1, may visit</translation>
    </message>
    <message>
        <source>May edit</source>
        <translation>May edit</translation>
    </message>
    <message>
        <source>%1 may edit</source>
        <translation>%1 may edit</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Stop sharing with %1</source>
        <translation>Stop sharing with %1</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>%1 at %2, not sent: %3</source>
        <translation>%1 at %2, not sent: %3</translation>
    </message>
    <message>
        <source>%1 at %2, sending: %3</source>
        <translation>%1 at %2, sending: %3</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1 at %2: %3</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Send again</translation>
    </message>
    <message>
        <source>Press Enter to send it again.</source>
        <translation>Press Enter to send it again.</translation>
    </message>
    <message>
        <source>Press Enter to open %1.</source>
        <translation>Press Enter to open %1.</translation>
    </message>
    <message>
        <source>%1 at %2: message removed</source>
        <translation>%1 at %2: message removed</translation>
    </message>
    <message>
        <source>%1 at %2, mentions you: %3</source>
        <translation>%1 at %2, mentions you: %3</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Delete the message from %1</source>
        <translation>Delete the message from %1</translation>
    </message>
    <message>
        <source>Message removed</source>
        <translation>Message removed</translation>
    </message>
    <message>
        <source>Press Delete to delete it.</source>
        <translation>Press Delete to delete it.</translation>
    </message>
</context>
<context>
    <name>MessageList</name>
    <message>
        <source>Messages in #%1</source>
        <translation>Messages in #%1</translation>
    </message>
    <message>
        <source>Scroll messages</source>
        <translation>Scroll messages</translation>
    </message>
    <message>
        <source>Load earlier messages</source>
        <translation>Load earlier messages</translation>
    </message>
</context>
<context>
    <name>Metaverse::ApiClient</name>
    <message>
        <source>The server answered with status %1.</source>
        <translation>The server answered with status %1.</translation>
    </message>
    <message>
        <source>Too many attempts. Please wait a minute and try again.</source>
        <translation>Too many attempts. Please wait a minute and try again.</translation>
    </message>
    <message>
        <source>The server ran into a problem (status %1). Please try again later.</source>
        <translation>The server ran into a problem (status %1). Please try again later.</translation>
    </message>
    <message>
        <source>The server sent an unexpected answer: %1</source>
        <translation>The server sent an unexpected answer: %1</translation>
    </message>
    <message>
        <source>Enter the address of your Metaverse server.</source>
        <translation>Enter the address of your Metaverse server.</translation>
    </message>
    <message>
        <source>Enter an address such as http://127.0.0.1:3001 (http or https).</source>
        <translation>Enter an address such as http://127.0.0.1:3001 (http or https).</translation>
    </message>
    <message>
        <source>No server address is set.</source>
        <translation>No server address is set.</translation>
    </message>
    <message>
        <source>The server at %1 did not answer within %2 seconds.</source>
        <translation>The server at %1 did not answer within %2 seconds.</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check the address and that the server is running.</source>
        <translation>Cannot reach the server at %1. Check the address and that the server is running.</translation>
    </message>
    <message>
        <source>The server at %1 presented a certificate this computer does not trust: %2. The connection was not made; ask your admin for a valid certificate.</source>
        <translation>The server at %1 presented a certificate this computer does not trust: %2. The connection was not made; ask your admin for a valid certificate.</translation>
    </message>
    <message>
        <source>No secure connection to the server at %1: %2. Check whether the address should start with http:// instead of https://.</source>
        <translation>No secure connection to the server at %1: %2. Check whether the address should start with http:// instead of https://.</translation>
    </message>
</context>
<context>
    <name>Metaverse::AuditListModel</name>
    <message>
        <source>%1 added %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 removed %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 made an invite link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 revoked an invite link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 joined with an invite link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 kicked %2 out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 banned %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lifted the ban on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 muted %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 unmuted %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Metaverse::ChatSession</name>
    <message>
        <source>%1 in #%2</source>
        <translation>%1 in #%2</translation>
    </message>
    <message>
        <source>Too many messages. Wait a moment, then retry.</source>
        <translation>Too many messages. Wait a moment, then retry.</translation>
    </message>
    <message>
        <source>The chat server did not accept your sign-in.</source>
        <translation>The chat server did not accept your sign-in.</translation>
    </message>
    <message>
        <source>Too many messages. Wait a moment, then try again.</source>
        <translation>Too many messages. Wait a moment, then try again.</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 is typing…</translation>
    </message>
    <message>
        <source>%1 and %2 are typing…</source>
        <translation>%1 and %2 are typing…</translation>
    </message>
    <message>
        <source>Several people are typing…</source>
        <translation>Several people are typing…</translation>
    </message>
    <message>
        <source>Choose a room first.</source>
        <translation>Choose a room first.</translation>
    </message>
    <message>
        <source>%1 mentioned you in #%2</source>
        <translation>%1 mentioned you in #%2</translation>
    </message>
</context>
<context>
    <name>Metaverse::InviteAcceptor</name>
    <message>
        <source>Please wait: the last link is still being opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to join the space this link invites you to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This invite is for the server %1, but you are signed in to %2. Sign out and sign in to %1 to accept it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This invite link does not exist. Check that you copied all of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This invite link no longer works: it expired, was used up or was revoked. Ask for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may not join this space (you are banned from it, or it has as many members as the server allows).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a valid invite link.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Metaverse::Session</name>
    <message>
        <source>Your session has expired. Please sign in again.</source>
        <translation>Your session has expired. Please sign in again.</translation>
    </message>
    <message>
        <source>Already signing in.</source>
        <translation>Already signing in.</translation>
    </message>
    <message>
        <source>Enter your username.</source>
        <translation>Enter your username.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <source>Please correct the highlighted fields.</source>
        <translation>Please correct the highlighted fields.</translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation>Wrong username or password.</translation>
    </message>
    <message>
        <source>Already signed in.</source>
        <translation>Already signed in.</translation>
    </message>
</context>
<context>
    <name>Metaverse::SpaceDirectory</name>
    <message>
        <source>Please wait for the current change to finish.</source>
        <translation>Please wait for the current change to finish.</translation>
    </message>
    <message>
        <source>Please correct the highlighted fields.</source>
        <translation>Please correct the highlighted fields.</translation>
    </message>
</context>
<context>
    <name>Metaverse::SpaceEditor</name>
    <message>
        <source>You may not edit this space.</source>
        <translation>You may not edit this space.</translation>
    </message>
    <message>
        <source>The server refused the change: %1</source>
        <translation>The server refused the change: %1</translation>
    </message>
</context>
<context>
    <name>Metaverse::SpaceModeration</name>
    <message>
        <source>%1 was kicked out of the space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reason is at most %1 characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is banned from the space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A mute lasts 1 to %1 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 is muted in the chat for %n minute(s).</source>
        <translation>
            <numerusform>%1 is muted in the chat for %n minute.</numerusform>
            <numerusform>%1 is muted in the chat for %n minutes.</numerusform>
        </translation>
    </message>
    <message>
        <source>The ban on %1 is lifted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait for the current change to finish.</source>
        <translation type="unfinished">Please wait for the current change to finish.</translation>
    </message>
</context>
<context>
    <name>Metaverse::SpaceSession</name>
    <message>
        <source>You have no access to this space.</source>
        <translation>You have no access to this space.</translation>
    </message>
    <message>
        <source>This space does not exist (any more).</source>
        <translation>This space does not exist (any more).</translation>
    </message>
    <message>
        <source>This space was deleted.</source>
        <translation>This space was deleted.</translation>
    </message>
    <message>
        <source>You entered this space from another window, so this one left it.</source>
        <translation>You entered this space from another window, so this one left it.</translation>
    </message>
    <message>
        <source>The server closed the connection: %1</source>
        <translation>The server closed the connection: %1</translation>
    </message>
    <message>
        <source>The connection to the server was lost. Reconnecting…</source>
        <translation>The connection to the server was lost. Reconnecting…</translation>
    </message>
    <message>
        <source>Your account changed. Reconnecting…</source>
        <translation>Your account changed. Reconnecting…</translation>
    </message>
    <message>
        <source>You were banned from this space by its owner or an Admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You were removed from this space by its owner or an Admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You were kicked out of this space by its owner or an Admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You were kicked out of this space by its owner or an Admin. You may come back at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>You were kicked out of this space by its owner or an Admin. You may come back in %n minute(s).</source>
        <translation>
            <numerusform>You were kicked out of this space by its owner or an Admin. You may come back in %n minute.</numerusform>
            <numerusform>You were kicked out of this space by its owner or an Admin. You may come back in %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You were kicked out of this space by its owner or an Admin. You may come back in %n second(s).</source>
        <translation>
            <numerusform>You were kicked out of this space by its owner or an Admin. You may come back in %n second.</numerusform>
            <numerusform>You were kicked out of this space by its owner or an Admin. You may come back in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>This space is full. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session ended: you signed out on another device, your password or your role changed. Enter the space again, or sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your sign-in expired. Sign in again to come back to this space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have no access to this space: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Metaverse::SpaceSharing</name>
    <message>
        <source>Please wait for the current change to finish.</source>
        <translation>Please wait for the current change to finish.</translation>
    </message>
    <message>
        <source>An invite lasts 1 to %1 hours and may be used 1 to %2 times (or without a limit).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Metaverse::TokenStore</name>
    <message>
        <source>Secure storage is turned off: you will have to sign in again next time.</source>
        <translation>Secure storage is turned off: you will have to sign in again next time.</translation>
    </message>
    <message>
        <source>No system keychain is available, so your sign-in is kept for this session only.</source>
        <translation>No system keychain is available, so your sign-in is kept for this session only.</translation>
    </message>
    <message>
        <source>the keychain did not answer</source>
        <translation>the keychain did not answer</translation>
    </message>
</context>
<context>
    <name>MiniMap</name>
    <message>
        <source>Map of the whole space</source>
        <translation>Map of the whole space</translation>
    </message>
</context>
<context>
    <name>ModerationDialog</name>
    <message>
        <source>Ban %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute %1 in the chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 leaves the space at once, stops being a member and cannot come back or use invite links until the ban is lifted (Share, Bans).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot send chat messages in this space until the time is up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (optional, kept in the ban list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute for this many minutes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NearbyPanel</name>
    <message>
        <source>Elements near you</source>
        <translation>Elements near you</translation>
    </message>
    <message>
        <source>Nearby (%1)</source>
        <translation>Nearby (%1)</translation>
    </message>
    <message>
        <source>Expanded: activate to hide the list</source>
        <translation>Expanded: activate to hide the list</translation>
    </message>
    <message>
        <source>Collapsed: activate to show the list</source>
        <translation>Collapsed: activate to show the list</translation>
    </message>
    <message numerus="yes">
        <source>Nothing within %n tile(s).</source>
        <translation>
            <numerusform>Nothing within %n tile.</numerusform>
            <numerusform>Nothing within %n tiles.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NearbyRow</name>
    <message numerus="yes">
        <source>%n tile(s) east</source>
        <translation>
            <numerusform>%n tile east</numerusform>
            <numerusform>%n tiles east</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tile(s) west</source>
        <translation>
            <numerusform>%n tile west</numerusform>
            <numerusform>%n tiles west</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tile(s) south</source>
        <translation>
            <numerusform>%n tile south</numerusform>
            <numerusform>%n tiles south</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tile(s) north</source>
        <translation>
            <numerusform>%n tile north</numerusform>
            <numerusform>%n tiles north</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>here</source>
        <translation>here</translation>
    </message>
    <message>
        <source>blocks the way</source>
        <translation>blocks the way</translation>
    </message>
    <message>
        <source>can be walked over</source>
        <translation>can be walked over</translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation>%1, %2, %3</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Go to</source>
        <translation>Go to</translation>
    </message>
    <message>
        <source>Walk to %1</source>
        <translation>Walk to %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1, %2 nearby, the nearest %3, %4</source>
        <translation>%1, %2 nearby, the nearest %3, %4</translation>
    </message>
</context>
<context>
    <name>PaletteItem</name>
    <message>
        <source>%1, %2 by %3 tiles, blocks the way</source>
        <translation>%1, %2 by %3 tiles, blocks the way</translation>
    </message>
    <message>
        <source>%1, %2 by %3 tiles, movable</source>
        <translation>%1, %2 by %3 tiles, movable</translation>
    </message>
    <message>
        <source>%1×%2 · blocks the way</source>
        <translation>%1×%2 · blocks the way</translation>
    </message>
    <message>
        <source>%1×%2 · movable</source>
        <translation>%1×%2 · movable</translation>
    </message>
</context>
<context>
    <name>PalettePanel</name>
    <message>
        <source>Elements to place</source>
        <translation>Elements to place</translation>
    </message>
    <message>
        <source>Elements</source>
        <translation>Elements</translation>
    </message>
    <message>
        <source>Search elements</source>
        <translation>Search elements</translation>
    </message>
    <message>
        <source>No element matches.</source>
        <translation>No element matches.</translation>
    </message>
</context>
<context>
    <name>PeoplePanel</name>
    <message>
        <source>People in this space</source>
        <translation>People in this space</translation>
    </message>
    <message>
        <source>People here (%1)</source>
        <translation>People here (%1)</translation>
    </message>
</context>
<context>
    <name>PersonRow</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (you)</translation>
    </message>
    <message>
        <source>Locate</source>
        <translation>Locate</translation>
    </message>
    <message>
        <source>Show %1 on the map</source>
        <translation>Show %1 on the map</translation>
    </message>
    <message>
        <source>Go to</source>
        <translation>Go to</translation>
    </message>
    <message>
        <source>Walk to %1</source>
        <translation>Walk to %1</translation>
    </message>
    <message>
        <source>You, %1, at %2, %3</source>
        <translation>You, %1, at %2, %3</translation>
    </message>
    <message>
        <source>%1, %2, at %3, %4</source>
        <translation>%1, %2, at %3, %4</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Busy</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Away</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>Moderate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick %1 out of the space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban %1 from the space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute in chat…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute %1 in the chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Send %1 a direct message</source>
        <translation>Send %1 a direct message</translation>
    </message>
</context>
<context>
    <name>RenameSpaceDialog</name>
    <message>
        <source>Rename “%1”</source>
        <translation>Rename “%1”</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>New name</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
</context>
<context>
    <name>RoomDialog</name>
    <message>
        <source>New chat room</source>
        <translation>New chat room</translation>
    </message>
    <message>
        <source>Rename “%1”</source>
        <translation>Rename “%1”</translation>
    </message>
    <message>
        <source>Invite to “%1”</source>
        <translation>Invite to “%1”</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>Delete “%1”?</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>Invite</source>
        <translation>Invite</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Username of a member of this space</source>
        <translation>Username of a member of this space</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>Room name</translation>
    </message>
    <message>
        <source>Private: only people I invite</source>
        <translation>Private: only people I invite</translation>
    </message>
    <message>
        <source>The room and all its messages are deleted for everyone.</source>
        <translation>The room and all its messages are deleted for everyone.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Appearance</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dark</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>System language</translation>
    </message>
    <message>
        <source>Metaverse %1</source>
        <translation>Metaverse %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Share “%1”</source>
        <translation>Share “%1”</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Add someone by username</source>
        <translation>Add someone by username</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Add as editor</source>
        <translation>Add as editor</translation>
    </message>
    <message>
        <source>Add as member</source>
        <translation>Add as member</translation>
    </message>
    <message>
        <source>May edit the space</source>
        <translation>May edit the space</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Shared with (%1)</source>
        <translation>Shared with (%1)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Only you so far. Add someone above.</source>
        <translation>Only you so far. Add someone above.</translation>
    </message>
    <message>
        <source>People this space is shared with</source>
        <translation>People this space is shared with</translation>
    </message>
    <message>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invite links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bans (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone with a link can join as a member until it expires or is used up. The app link opens the Metaverse app; the web link opens a page that explains how.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires after (hours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires after this many hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many people may use the link (0: no limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People who join may edit the space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new invite link (copied)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No invite links yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody is banned from this space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People banned from this space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has happened yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened in this space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished">%1 · %2</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Metaverse logo</source>
        <translation>Metaverse logo</translation>
    </message>
    <message>
        <source>Metaverse</source>
        <translation>Metaverse</translation>
    </message>
    <message>
        <source>Your team&apos;s own 2D office: walk over to a colleague, gather in a meeting room, chat where you stand.</source>
        <translation>Your team&apos;s own 2D office: walk over to a colleague, gather in a meeting room, chat where you stand.</translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation>Create your account</translation>
    </message>
    <message>
        <source>Welcome back</source>
        <translation>Welcome back</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Create account</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>3 to 32 letters, digits, dots, dashes or underscores.</source>
        <translation>3 to 32 letters, digits, dots, dashes or underscores.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Signing you in again…</source>
        <translation>Signing you in again…</translation>
    </message>
    <message>
        <source>Sign in to join the space your invite link is for.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpaceAvatar</name>
    <message>
        <source>You, at %1, %2</source>
        <translation>You, at %1, %2</translation>
    </message>
    <message>
        <source>%1 at %2, %3</source>
        <translation>%1 at %2, %3</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (you)</translation>
    </message>
</context>
<context>
    <name>SpaceCard</name>
    <message>
        <source>Template %1, %2 tiles</source>
        <translation>Template %1, %2 tiles</translation>
    </message>
    <message>
        <source>Space %1, %2 tiles</source>
        <translation>Space %1, %2 tiles</translation>
    </message>
    <message>
        <source>%1 tiles</source>
        <translation>%1 tiles</translation>
    </message>
    <message>
        <source>Use template</source>
        <translation>Use template</translation>
    </message>
    <message>
        <source>Create a space from template %1</source>
        <translation>Create a space from template %1</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation>Rename %1</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>Delete %1</translation>
    </message>
    <message>
        <source>Shared with you</source>
        <translation>Shared with you</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Enter %1</source>
        <translation>Enter %1</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Share</translation>
    </message>
    <message>
        <source>Share %1</source>
        <translation>Share %1</translation>
    </message>
    <message>
        <source>Space %1 of %2, %3 tiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview template %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared by %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpaceElementItem</name>
    <message>
        <source>%1 at %2, %3 (blocks the way)</source>
        <translation>%1 at %2, %3 (blocks the way)</translation>
    </message>
    <message>
        <source>%1 at %2, %3</source>
        <translation>%1 at %2, %3</translation>
    </message>
</context>
<context>
    <name>SpaceGhost</name>
    <message>
        <source>The element fits here</source>
        <translation>The element fits here</translation>
    </message>
    <message>
        <source>The element cannot go here</source>
        <translation>The element cannot go here</translation>
    </message>
</context>
<context>
    <name>SpacePage</name>
    <message>
        <source>Space %1</source>
        <translation>Space %1</translation>
    </message>
    <message>
        <source>Back to dashboard</source>
        <translation>Back to dashboard</translation>
    </message>
    <message>
        <source>%1 × %2 tiles · you are at %3, %4</source>
        <translation>%1 × %2 tiles · you are at %3, %4</translation>
    </message>
    <message>
        <source>Entering…</source>
        <translation>Entering…</translation>
    </message>
    <message>
        <source>Undo placement</source>
        <translation>Undo placement</translation>
    </message>
    <message>
        <source>Delete element</source>
        <translation>Delete element</translation>
    </message>
    <message>
        <source>Done editing</source>
        <translation>Done editing</translation>
    </message>
    <message>
        <source>Edit space</source>
        <translation>Edit space</translation>
    </message>
    <message>
        <source>Connection lost. Reconnecting (attempt %1)…</source>
        <translation>Connection lost. Reconnecting (attempt %1)…</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Reconnect now</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Entering the space…</source>
        <translation>Entering the space…</translation>
    </message>
    <message>
        <source>Pick an element, then click to place it. Drag movable ones. Delete removes the selected one.</source>
        <translation>Pick an element, then click to place it. Drag movable ones. Delete removes the selected one.</translation>
    </message>
    <message>
        <source>Arrow keys or WASD to move, click to walk, Ctrl+wheel to zoom.</source>
        <translation>Arrow keys or WASD to move, click to walk, Ctrl+wheel to zoom.</translation>
    </message>
    <message>
        <source>No way to reach %1 from here.</source>
        <translation>No way to reach %1 from here.</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview: read-only, nobody else sees you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 tiles · a template, read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished">Share</translation>
    </message>
    <message>
        <source>Share this space</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpaceView</name>
    <message>
        <source>Space %1, %2 by %3 tiles. You are at %4, %5. Arrow keys or W, A, S, D move you.</source>
        <translation>Space %1, %2 by %3 tiles. You are at %4, %5. Arrow keys or W, A, S, D move you.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>StatePlaceholder</name>
    <message>
        <source>Loading</source>
        <translation>Loading</translation>
    </message>
</context>
<context>
    <name>StatusDot</name>
    <message>
        <source>Busy</source>
        <translation>Busy</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Away</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
</context>
<context>
    <name>StatusPicker</name>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Busy</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Away</translation>
    </message>
    <message>
        <source>Your status: %1</source>
        <translation>Your status: %1</translation>
    </message>
</context>
</TS>
