<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AppHeader</name>
    <message>
        <source>Metaverse</source>
        <translation>Metaverse</translation>
    </message>
    <message>
        <source>Spaces</source>
        <translation>Räume</translation>
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
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
</context>
<context>
    <name>AvatarBadge</name>
    <message>
        <source>Avatar of %1</source>
        <translation>Avatar von %1</translation>
    </message>
</context>
<context>
    <name>AvatarPage</name>
    <message>
        <source>Choose your avatar</source>
        <translation>Wählen Sie Ihren Avatar</translation>
    </message>
    <message>
        <source>This is how your colleagues see you when you walk around a space.</source>
        <translation>So sehen Sie Ihre Kolleginnen und Kollegen, wenn Sie sich durch einen Raum bewegen.</translation>
    </message>
    <message>
        <source>The avatars could not be loaded</source>
        <translation>Die Avatare konnten nicht geladen werden</translation>
    </message>
    <message>
        <source>This server has no avatars yet.</source>
        <translation>Dieser Server hat noch keine Avatare.</translation>
    </message>
    <message>
        <source>Loading avatars…</source>
        <translation>Avatare werden geladen …</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Avatars</source>
        <translation>Avatare</translation>
    </message>
    <message>
        <source>Preview of the selected avatar</source>
        <translation>Vorschau des ausgewählten Avatars</translation>
    </message>
    <message>
        <source>Pick an avatar</source>
        <translation>Wählen Sie einen Avatar</translation>
    </message>
    <message>
        <source>This is your avatar</source>
        <translation>Das ist Ihr Avatar</translation>
    </message>
    <message>
        <source>Use this avatar</source>
        <translation>Diesen Avatar verwenden</translation>
    </message>
    <message>
        <source>Back to spaces</source>
        <translation>Zurück zu den Räumen</translation>
    </message>
</context>
<context>
    <name>AvatarTile</name>
    <message>
        <source>%1 (current avatar)</source>
        <translation>%1 (aktueller Avatar)</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Aktuell</translation>
    </message>
</context>
<context>
    <name>BanRow</name>
    <message>
        <source>%1, banned: %2</source>
        <translation>%1, gesperrt: %2</translation>
    </message>
    <message>
        <source>%1, banned</source>
        <translation>%1, gesperrt</translation>
    </message>
    <message>
        <source>Unban</source>
        <translation>Sperre aufheben</translation>
    </message>
    <message>
        <source>Lift the ban on %1</source>
        <translation>Sperre von %1 aufheben</translation>
    </message>
</context>
<context>
    <name>Catalogue</name>
    <message>
        <source>Wall</source>
        <translation>Wand</translation>
    </message>
    <message>
        <source>Long Wall</source>
        <translation>Lange Wand</translation>
    </message>
    <message>
        <source>Window Wall</source>
        <translation>Fensterwand</translation>
    </message>
    <message>
        <source>Door</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Wood Floor</source>
        <translation>Holzboden</translation>
    </message>
    <message>
        <source>Carpet Floor</source>
        <translation>Teppichboden</translation>
    </message>
    <message>
        <source>Rug</source>
        <translation>Teppich</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Schreibtisch</translation>
    </message>
    <message>
        <source>Desk with Monitor</source>
        <translation>Schreibtisch mit Monitor</translation>
    </message>
    <message>
        <source>Office Chair</source>
        <translation>Bürostuhl</translation>
    </message>
    <message>
        <source>Meeting Table</source>
        <translation>Besprechungstisch</translation>
    </message>
    <message>
        <source>Whiteboard</source>
        <translation>Whiteboard</translation>
    </message>
    <message>
        <source>Bookshelf</source>
        <translation>Bücherregal</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>Water Cooler</source>
        <translation>Wasserspender</translation>
    </message>
    <message>
        <source>Coffee Counter</source>
        <translation>Kaffeetheke</translation>
    </message>
    <message>
        <source>Sofa</source>
        <translation>Sofa</translation>
    </message>
    <message>
        <source>Armchair</source>
        <translation>Sessel</translation>
    </message>
    <message>
        <source>Coffee Table</source>
        <translation>Couchtisch</translation>
    </message>
    <message>
        <source>Bean Bag</source>
        <translation>Sitzsack</translation>
    </message>
    <message>
        <source>Floor Lamp</source>
        <translation>Stehlampe</translation>
    </message>
    <message>
        <source>Potted Plant</source>
        <translation>Topfpflanze</translation>
    </message>
    <message>
        <source>Large Plant</source>
        <translation>Große Pflanze</translation>
    </message>
    <message>
        <source>Trash Bin</source>
        <translation>Mülleimer</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Büro</translation>
    </message>
    <message>
        <source>Lounge</source>
        <translation>Lounge</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>Halle</translation>
    </message>
</context>
<context>
    <name>ChatInput</name>
    <message>
        <source>Message #%1</source>
        <translation>Nachricht an #%1</translation>
    </message>
    <message>
        <source>Message to #%1</source>
        <translation>Nachricht an #%1</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line, Tab completes an @mention</source>
        <translation>Enter sendet, Umschalt+Enter beginnt eine neue Zeile, Tab vervollständigt eine @Erwähnung</translation>
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
        <translation>Verbindung zum Chat verloren. Neuer Versuch …</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Connecting to the chat…</source>
        <translation>Verbindung zum Chat wird aufgebaut …</translation>
    </message>
    <message>
        <source>No messages yet. Say hello!</source>
        <translation>Noch keine Nachrichten. Sagen Sie Hallo!</translation>
    </message>
    <message>
        <source>This space has no chat rooms.</source>
        <translation>Dieser Raum hat keine Chaträume.</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) ↓</source>
        <translation>
            <numerusform>%n neue Nachricht ↓</numerusform>
            <numerusform>%n neue Nachrichten ↓</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s): show them</source>
        <translation>
            <numerusform>%n neue Nachricht: anzeigen</numerusform>
            <numerusform>%n neue Nachrichten: anzeigen</numerusform>
        </translation>
    </message>
    <message>
        <source>New room</source>
        <translation>Neuer Chatraum</translation>
    </message>
    <message>
        <source>Create a chat room</source>
        <translation>Chatraum anlegen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Rename #%1</source>
        <translation>#%1 umbenennen</translation>
    </message>
    <message>
        <source>Invite</source>
        <translation>Einladen</translation>
    </message>
    <message>
        <source>Invite someone to #%1</source>
        <translation>Jemanden in #%1 einladen</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Verlassen</translation>
    </message>
    <message>
        <source>Leave #%1</source>
        <translation>#%1 verlassen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete #%1</source>
        <translation>#%1 löschen</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Ton an</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source>Unmute #%1</source>
        <translation>#%1 nicht mehr stummschalten</translation>
    </message>
    <message>
        <source>Mute #%1 (mentions still notify)</source>
        <translation>#%1 stummschalten (Erwähnungen melden sich weiter)</translation>
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
        <translation>Unterhaltung mit %1</translation>
    </message>
    <message>
        <source>Private room %1</source>
        <translation>Privater Chatraum %1</translation>
    </message>
    <message>
        <source>Room %1</source>
        <translation>Chatraum %1</translation>
    </message>
    <message>
        <source>%1, %2 unread, %3 online</source>
        <translation>%1, %2 ungelesen, %3 online</translation>
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
        <translation>Chaträume</translation>
    </message>
</context>
<context>
    <name>CreateSpaceDialog</name>
    <message>
        <source>My %1</source>
        <translation>Mein %1</translation>
    </message>
    <message>
        <source>New space from “%1”</source>
        <translation>Neuer Raum aus „%1“</translation>
    </message>
    <message>
        <source>New empty space</source>
        <translation>Neuer leerer Raum</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size in tiles</source>
        <translation>Größe in Kacheln</translation>
    </message>
    <message>
        <source>Width × height, for example 30x20 (each side 1 to 1000).</source>
        <translation>Breite × Höhe, zum Beispiel 30x20 (jede Seite 1 bis 1000).</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Create space</source>
        <translation>Raum erstellen</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Hello, %1</source>
        <translation>Hallo, %1</translation>
    </message>
    <message>
        <source>Pick a space to meet your team, or make a new one.</source>
        <translation>Wählen Sie einen Raum, um Ihr Team zu treffen, oder erstellen Sie einen neuen.</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>New empty space</source>
        <translation>Neuer leerer Raum</translation>
    </message>
    <message>
        <source>You have no avatar yet. Choose one so your colleagues recognise you.</source>
        <translation>Sie haben noch keinen Avatar. Wählen Sie einen, damit Ihre Kolleginnen und Kollegen Sie erkennen.</translation>
    </message>
    <message>
        <source>Choose avatar</source>
        <translation>Avatar wählen</translation>
    </message>
    <message>
        <source>Your spaces could not be loaded</source>
        <translation>Ihre Räume konnten nicht geladen werden</translation>
    </message>
    <message>
        <source>Loading your spaces…</source>
        <translation>Ihre Räume werden geladen …</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Your spaces</source>
        <translation>Ihre Räume</translation>
    </message>
    <message>
        <source>You have no spaces yet. Start from one of the templates below, or create an empty space.</source>
        <translation>Sie haben noch keine Räume. Beginnen Sie mit einer der Vorlagen unten oder erstellen Sie einen leeren Raum.</translation>
    </message>
    <message>
        <source>Shared with you</source>
        <translation>Mit Ihnen geteilt</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <source>This server has no templates yet.</source>
        <translation>Dieser Server hat noch keine Vorlagen.</translation>
    </message>
    <message>
        <source>Join with a link</source>
        <translation>Mit einem Link beitreten</translation>
    </message>
    <message>
        <source>metaverse://… or https://…/invite/…</source>
        <translation>metaverse://… oder https://…/invite/…</translation>
    </message>
    <message>
        <source>Paste an invite link someone sent you.</source>
        <translation>Fügen Sie einen Einladungslink ein, den Sie bekommen haben.</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Beitreten</translation>
    </message>
    <message>
        <source>Join with this link</source>
        <translation>Mit diesem Link beitreten</translation>
    </message>
    <message>
        <source>All spaces</source>
        <translation>Alle Räume</translation>
    </message>
    <message>
        <source>There are no spaces on this server yet.</source>
        <translation>Auf diesem Server gibt es noch keine Räume.</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Vorige Seite</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Nächste Seite</translation>
    </message>
</context>
<context>
    <name>DeleteSpaceDialog</name>
    <message>
        <source>Delete “%1”?</source>
        <translation>„%1“ löschen?</translation>
    </message>
    <message>
        <source>The space, everything placed in it and its chat history will be deleted. This cannot be undone.</source>
        <translation>Der Raum, alles darin Platzierte und sein Chatverlauf werden gelöscht. Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Delete space</source>
        <translation>Raum löschen</translation>
    </message>
</context>
<context>
    <name>InviteLink</name>
    <message>
        <source>This is not an invite link. It looks like metaverse://host:port/invite/… or https://server/invite/…</source>
        <translation>Das ist kein Einladungslink. Er sieht so aus: metaverse://host:port/invite/… oder https://server/invite/…</translation>
    </message>
</context>
<context>
    <name>InviteRow</name>
    <message>
        <source>Editors</source>
        <translation>Bearbeiter</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation>läuft ab %1</translation>
    </message>
    <message>
        <source>used %1 of %2 times</source>
        <translation>%1 von %2 Mal benutzt</translation>
    </message>
    <message numerus="yes">
        <source>used %n time(s)</source>
        <translation>
            <numerusform>%n Mal benutzt</numerusform>
            <numerusform>%n Mal benutzt</numerusform>
        </translation>
    </message>
    <message>
        <source>Invite link: %1</source>
        <translation>Einladungslink: %1</translation>
    </message>
    <message>
        <source>Copy app link</source>
        <translation>App-Link kopieren</translation>
    </message>
    <message>
        <source>Copy web link</source>
        <translation>Web-Link kopieren</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Revoke invite link: %1</source>
        <translation>Einladungslink widerrufen: %1</translation>
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
        <translation>%1, darf bearbeiten</translation>
    </message>
    <message>
        <source>%1, may visit</source>
        <translation>%1, darf besuchen</translation>
    </message>
    <message>
        <source>May edit</source>
        <translation>Darf bearbeiten</translation>
    </message>
    <message>
        <source>%1 may edit</source>
        <translation>%1 darf bearbeiten</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Stop sharing with %1</source>
        <translation>Nicht mehr mit %1 teilen</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>%1 at %2, not sent: %3</source>
        <translation>%1 um %2, nicht gesendet: %3</translation>
    </message>
    <message>
        <source>%1 at %2, sending: %3</source>
        <translation>%1 um %2, wird gesendet: %3</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1 um %2: %3</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Nicht gesendet</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet …</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Nachricht erneut senden</translation>
    </message>
    <message>
        <source>Press Enter to send it again.</source>
        <translation>Drücken Sie die Eingabetaste, um sie erneut zu senden.</translation>
    </message>
    <message>
        <source>Press Enter to open %1.</source>
        <translation>Drücken Sie die Eingabetaste, um %1 zu öffnen.</translation>
    </message>
    <message>
        <source>%1 at %2: message removed</source>
        <translation>%1 um %2: Nachricht entfernt</translation>
    </message>
    <message>
        <source>%1 at %2, mentions you: %3</source>
        <translation>%1 um %2, erwähnt Sie: %3</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the message from %1</source>
        <translation>Nachricht von %1 löschen</translation>
    </message>
    <message>
        <source>Message removed</source>
        <translation>Nachricht entfernt</translation>
    </message>
    <message>
        <source>Press Delete to delete it.</source>
        <translation>Entf löscht die Nachricht.</translation>
    </message>
</context>
<context>
    <name>MessageList</name>
    <message>
        <source>Messages in #%1</source>
        <translation>Nachrichten in #%1</translation>
    </message>
    <message>
        <source>Scroll messages</source>
        <translation>Nachrichten blättern</translation>
    </message>
    <message>
        <source>Load earlier messages</source>
        <translation>Ältere Nachrichten laden</translation>
    </message>
</context>
<context>
    <name>Metaverse::ApiClient</name>
    <message>
        <source>The server answered with status %1.</source>
        <translation>Der Server antwortete mit Status %1.</translation>
    </message>
    <message>
        <source>Too many attempts. Please wait a minute and try again.</source>
        <translation>Zu viele Versuche. Bitte warten Sie eine Minute und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server ran into a problem (status %1). Please try again later.</source>
        <translation>Beim Server ist ein Problem aufgetreten (Status %1). Bitte versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server sent an unexpected answer: %1</source>
        <translation>Der Server hat unerwartet geantwortet: %1</translation>
    </message>
    <message>
        <source>Enter the address of your Metaverse server.</source>
        <translation>Geben Sie die Adresse Ihres Metaverse-Servers ein.</translation>
    </message>
    <message>
        <source>Enter an address such as http://127.0.0.1:3001 (http or https).</source>
        <translation>Geben Sie eine Adresse wie http://127.0.0.1:3001 ein (http oder https).</translation>
    </message>
    <message>
        <source>No server address is set.</source>
        <translation>Es ist keine Serveradresse eingestellt.</translation>
    </message>
    <message>
        <source>The server at %1 did not answer within %2 seconds.</source>
        <translation>Der Server unter %1 hat nicht innerhalb von %2 Sekunden geantwortet.</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check the address and that the server is running.</source>
        <translation>Der Server unter %1 ist nicht erreichbar. Prüfen Sie die Adresse und ob der Server läuft.</translation>
    </message>
    <message>
        <source>The server at %1 presented a certificate this computer does not trust: %2. The connection was not made; ask your admin for a valid certificate.</source>
        <translation>Der Server unter %1 hat ein Zertifikat vorgelegt, dem dieser Computer nicht vertraut: %2. Die Verbindung wurde nicht hergestellt; bitten Sie Ihre Administration um ein gültiges Zertifikat.</translation>
    </message>
    <message>
        <source>No secure connection to the server at %1: %2. Check whether the address should start with http:// instead of https://.</source>
        <translation>Keine sichere Verbindung zum Server unter %1: %2. Prüfen Sie, ob die Adresse mit http:// statt https:// beginnen sollte.</translation>
    </message>
</context>
<context>
    <name>Metaverse::AuditListModel</name>
    <message>
        <source>%1 added %2</source>
        <translation>%1 hat %2 hinzugefügt</translation>
    </message>
    <message>
        <source>%1 removed %2</source>
        <translation>%1 hat %2 entfernt</translation>
    </message>
    <message>
        <source>%1 made an invite link</source>
        <translation>%1 hat einen Einladungslink erstellt</translation>
    </message>
    <message>
        <source>%1 revoked an invite link</source>
        <translation>%1 hat einen Einladungslink widerrufen</translation>
    </message>
    <message>
        <source>%1 joined with an invite link</source>
        <translation>%1 ist mit einem Einladungslink beigetreten</translation>
    </message>
    <message>
        <source>%1 kicked %2 out</source>
        <translation>%1 hat %2 hinausgeworfen</translation>
    </message>
    <message>
        <source>%1 banned %2</source>
        <translation>%1 hat %2 gesperrt</translation>
    </message>
    <message>
        <source>%1 lifted the ban on %2</source>
        <translation>%1 hat die Sperre von %2 aufgehoben</translation>
    </message>
    <message>
        <source>%1 muted %2</source>
        <translation>%1 hat %2 stummgeschaltet</translation>
    </message>
    <message>
        <source>%1 unmuted %2</source>
        <translation>%1 hat die Stummschaltung von %2 aufgehoben</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
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
        <translation>Zu viele Nachrichten. Warten Sie einen Moment und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The chat server did not accept your sign-in.</source>
        <translation>Der Chat-Server hat Ihre Anmeldung nicht angenommen.</translation>
    </message>
    <message>
        <source>Too many messages. Wait a moment, then try again.</source>
        <translation>Zu viele Nachrichten. Warten Sie einen Moment und versuchen Sie es dann noch einmal.</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 schreibt …</translation>
    </message>
    <message>
        <source>%1 and %2 are typing…</source>
        <translation>%1 und %2 schreiben …</translation>
    </message>
    <message>
        <source>Several people are typing…</source>
        <translation>Mehrere Personen schreiben …</translation>
    </message>
    <message>
        <source>Choose a room first.</source>
        <translation>Wählen Sie zuerst einen Chatraum.</translation>
    </message>
    <message>
        <source>%1 mentioned you in #%2</source>
        <translation>%1 hat Sie in #%2 erwähnt</translation>
    </message>
</context>
<context>
    <name>Metaverse::InviteAcceptor</name>
    <message>
        <source>Please wait: the last link is still being opened.</source>
        <translation>Bitte warten: Der letzte Link wird noch geöffnet.</translation>
    </message>
    <message>
        <source>Sign in to join the space this link invites you to.</source>
        <translation>Melden Sie sich an, um dem Raum beizutreten, zu dem dieser Link einlädt.</translation>
    </message>
    <message>
        <source>This invite is for the server %1, but you are signed in to %2. Sign out and sign in to %1 to accept it.</source>
        <translation>Diese Einladung gilt für den Server %1, Sie sind aber bei %2 angemeldet. Melden Sie sich ab und bei %1 an, um sie anzunehmen.</translation>
    </message>
    <message>
        <source>This invite link does not exist. Check that you copied all of it.</source>
        <translation>Diesen Einladungslink gibt es nicht. Prüfen Sie, ob Sie ihn vollständig kopiert haben.</translation>
    </message>
    <message>
        <source>This invite link no longer works: it expired, was used up or was revoked. Ask for a new one.</source>
        <translation>Dieser Einladungslink gilt nicht mehr: Er ist abgelaufen, aufgebraucht oder widerrufen. Bitten Sie um einen neuen.</translation>
    </message>
    <message>
        <source>You may not join this space (you are banned from it, or it has as many members as the server allows).</source>
        <translation>Sie dürfen diesem Raum nicht beitreten (Sie sind gesperrt, oder er hat so viele Mitglieder, wie der Server erlaubt).</translation>
    </message>
    <message>
        <source>This is not a valid invite link.</source>
        <translation>Das ist kein gültiger Einladungslink.</translation>
    </message>
</context>
<context>
    <name>Metaverse::Session</name>
    <message>
        <source>Your session has expired. Please sign in again.</source>
        <translation>Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Already signing in.</source>
        <translation>Die Anmeldung läuft bereits.</translation>
    </message>
    <message>
        <source>Enter your username.</source>
        <translation>Geben Sie Ihren Benutzernamen ein.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Please correct the highlighted fields.</source>
        <translation>Bitte korrigieren Sie die markierten Felder.</translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation>Benutzername oder Passwort ist falsch.</translation>
    </message>
    <message>
        <source>Already signed in.</source>
        <translation>Bereits angemeldet.</translation>
    </message>
</context>
<context>
    <name>Metaverse::SpaceDirectory</name>
    <message>
        <source>Please wait for the current change to finish.</source>
        <translation>Bitte warten Sie, bis die aktuelle Änderung abgeschlossen ist.</translation>
    </message>
    <message>
        <source>Please correct the highlighted fields.</source>
        <translation>Bitte korrigieren Sie die markierten Felder.</translation>
    </message>
</context>
<context>
    <name>Metaverse::SpaceEditor</name>
    <message>
        <source>You may not edit this space.</source>
        <translation>Sie dürfen diesen Raum nicht bearbeiten.</translation>
    </message>
    <message>
        <source>The server refused the change: %1</source>
        <translation>Der Server hat die Änderung abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>Metaverse::SpaceModeration</name>
    <message>
        <source>%1 was kicked out of the space.</source>
        <translation>%1 wurde aus dem Raum geworfen.</translation>
    </message>
    <message>
        <source>A reason is at most %1 characters long.</source>
        <translation>Ein Grund ist höchstens %1 Zeichen lang.</translation>
    </message>
    <message>
        <source>%1 is banned from the space.</source>
        <translation>%1 ist aus dem Raum gesperrt.</translation>
    </message>
    <message>
        <source>A mute lasts 1 to %1 minutes.</source>
        <translation>Eine Stummschaltung dauert 1 bis %1 Minuten.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is muted in the chat for %n minute(s).</source>
        <translation>
            <numerusform>%1 ist im Chat für %n Minute stummgeschaltet.</numerusform>
            <numerusform>%1 ist im Chat für %n Minuten stummgeschaltet.</numerusform>
        </translation>
    </message>
    <message>
        <source>The ban on %1 is lifted.</source>
        <translation>Die Sperre von %1 ist aufgehoben.</translation>
    </message>
    <message>
        <source>Please wait for the current change to finish.</source>
        <translation>Bitte warten Sie, bis die laufende Änderung fertig ist.</translation>
    </message>
</context>
<context>
    <name>Metaverse::SpaceSession</name>
    <message>
        <source>You have no access to this space.</source>
        <translation>Sie haben keinen Zugang zu diesem Raum.</translation>
    </message>
    <message>
        <source>This space does not exist (any more).</source>
        <translation>Diesen Raum gibt es nicht (mehr).</translation>
    </message>
    <message>
        <source>This space was deleted.</source>
        <translation>Dieser Raum wurde gelöscht.</translation>
    </message>
    <message>
        <source>You entered this space from another window, so this one left it.</source>
        <translation>Sie haben diesen Raum in einem anderen Fenster betreten, deshalb hat dieses Fenster ihn verlassen.</translation>
    </message>
    <message>
        <source>The server closed the connection: %1</source>
        <translation>Der Server hat die Verbindung beendet: %1</translation>
    </message>
    <message>
        <source>The connection to the server was lost. Reconnecting…</source>
        <translation>Die Verbindung zum Server ist abgebrochen. Verbinde neu …</translation>
    </message>
    <message>
        <source>Your account changed. Reconnecting…</source>
        <translation>Ihr Konto hat sich geändert. Verbinde neu …</translation>
    </message>
    <message>
        <source>You were banned from this space by its owner or an Admin.</source>
        <translation>Der Besitzer oder ein Admin hat Sie aus diesem Raum gesperrt.</translation>
    </message>
    <message>
        <source>You were removed from this space by its owner or an Admin.</source>
        <translation>Der Besitzer oder ein Admin hat Sie aus diesem Raum entfernt.</translation>
    </message>
    <message>
        <source>You were kicked out of this space by its owner or an Admin.</source>
        <translation>Der Besitzer oder ein Admin hat Sie aus diesem Raum geworfen.</translation>
    </message>
    <message>
        <source>You were kicked out of this space by its owner or an Admin. You may come back at once.</source>
        <translation>Der Besitzer oder ein Admin hat Sie aus diesem Raum geworfen. Sie dürfen gleich wieder hinein.</translation>
    </message>
    <message numerus="yes">
        <source>You were kicked out of this space by its owner or an Admin. You may come back in %n minute(s).</source>
        <translation>
            <numerusform>Der Besitzer oder ein Admin hat Sie aus diesem Raum geworfen. Sie dürfen in %n Minute zurück.</numerusform>
            <numerusform>Der Besitzer oder ein Admin hat Sie aus diesem Raum geworfen. Sie dürfen in %n Minuten zurück.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You were kicked out of this space by its owner or an Admin. You may come back in %n second(s).</source>
        <translation>
            <numerusform>Der Besitzer oder ein Admin hat Sie aus diesem Raum geworfen. Sie dürfen in %n Sekunde zurück.</numerusform>
            <numerusform>Der Besitzer oder ein Admin hat Sie aus diesem Raum geworfen. Sie dürfen in %n Sekunden zurück.</numerusform>
        </translation>
    </message>
    <message>
        <source>This space is full. Try again later.</source>
        <translation>Dieser Raum ist voll. Versuchen Sie es später noch einmal.</translation>
    </message>
    <message>
        <source>Your session ended: you signed out on another device, your password or your role changed. Enter the space again, or sign in again.</source>
        <translation>Ihre Sitzung ist beendet: Sie haben sich auf einem anderen Gerät abgemeldet, oder Ihr Passwort oder Ihre Rolle hat sich geändert. Betreten Sie den Raum erneut oder melden Sie sich neu an.</translation>
    </message>
    <message>
        <source>Your sign-in expired. Sign in again to come back to this space.</source>
        <translation>Ihre Anmeldung ist abgelaufen. Melden Sie sich neu an, um in diesen Raum zurückzukehren.</translation>
    </message>
    <message>
        <source>You have no access to this space: %1</source>
        <translation>Sie haben keinen Zugang zu diesem Raum: %1</translation>
    </message>
</context>
<context>
    <name>Metaverse::SpaceSharing</name>
    <message>
        <source>Please wait for the current change to finish.</source>
        <translation>Bitte warten Sie, bis die aktuelle Änderung abgeschlossen ist.</translation>
    </message>
    <message>
        <source>An invite lasts 1 to %1 hours and may be used 1 to %2 times (or without a limit).</source>
        <translation>Eine Einladung gilt 1 bis %1 Stunden und kann 1 bis %2 Mal (oder unbegrenzt) benutzt werden.</translation>
    </message>
</context>
<context>
    <name>Metaverse::TokenStore</name>
    <message>
        <source>Secure storage is turned off: you will have to sign in again next time.</source>
        <translation>Die sichere Speicherung ist ausgeschaltet: Beim nächsten Mal müssen Sie sich erneut anmelden.</translation>
    </message>
    <message>
        <source>No system keychain is available, so your sign-in is kept for this session only.</source>
        <translation>Es ist kein Schlüsselbund des Systems verfügbar, daher gilt Ihre Anmeldung nur für diese Sitzung.</translation>
    </message>
    <message>
        <source>the keychain did not answer</source>
        <translation>der Schlüsselbund hat nicht geantwortet</translation>
    </message>
</context>
<context>
    <name>MiniMap</name>
    <message>
        <source>Map of the whole space</source>
        <translation>Karte des ganzen Raums</translation>
    </message>
</context>
<context>
    <name>ModerationDialog</name>
    <message>
        <source>Ban %1?</source>
        <translation>%1 sperren?</translation>
    </message>
    <message>
        <source>Mute %1 in the chat</source>
        <translation>%1 im Chat stummschalten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Stummschalten</translation>
    </message>
    <message>
        <source>%1 leaves the space at once, stops being a member and cannot come back or use invite links until the ban is lifted (Share, Bans).</source>
        <translation>%1 verlässt den Raum sofort, ist kein Mitglied mehr und kann weder zurückkommen noch Einladungslinks nutzen, bis die Sperre aufgehoben ist (Teilen, Sperren).</translation>
    </message>
    <message>
        <source>%1 cannot send chat messages in this space until the time is up.</source>
        <translation>%1 kann in diesem Raum keine Chatnachrichten senden, bis die Zeit um ist.</translation>
    </message>
    <message>
        <source>Reason (optional, kept in the ban list)</source>
        <translation>Grund (freiwillig, steht in der Sperrliste)</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>Mute for this many minutes</source>
        <translation>So viele Minuten stummschalten</translation>
    </message>
</context>
<context>
    <name>NearbyPanel</name>
    <message>
        <source>Elements near you</source>
        <translation>Elemente in Ihrer Nähe</translation>
    </message>
    <message>
        <source>Nearby (%1)</source>
        <translation>In der Nähe (%1)</translation>
    </message>
    <message>
        <source>Expanded: activate to hide the list</source>
        <translation>Ausgeklappt: aktivieren, um die Liste auszublenden</translation>
    </message>
    <message>
        <source>Collapsed: activate to show the list</source>
        <translation>Eingeklappt: aktivieren, um die Liste anzuzeigen</translation>
    </message>
    <message numerus="yes">
        <source>Nothing within %n tile(s).</source>
        <translation>
            <numerusform>Nichts im Umkreis von %n Feld.</numerusform>
            <numerusform>Nichts im Umkreis von %n Feldern.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NearbyRow</name>
    <message numerus="yes">
        <source>%n tile(s) east</source>
        <translation>
            <numerusform>%n Feld östlich</numerusform>
            <numerusform>%n Felder östlich</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tile(s) west</source>
        <translation>
            <numerusform>%n Feld westlich</numerusform>
            <numerusform>%n Felder westlich</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tile(s) south</source>
        <translation>
            <numerusform>%n Feld südlich</numerusform>
            <numerusform>%n Felder südlich</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tile(s) north</source>
        <translation>
            <numerusform>%n Feld nördlich</numerusform>
            <numerusform>%n Felder nördlich</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>here</source>
        <translation>hier</translation>
    </message>
    <message>
        <source>blocks the way</source>
        <translation>versperrt den Weg</translation>
    </message>
    <message>
        <source>can be walked over</source>
        <translation>begehbar</translation>
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
        <translation>Hingehen</translation>
    </message>
    <message>
        <source>Walk to %1</source>
        <translation>Zu %1 gehen</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1, %2 nearby, the nearest %3, %4</source>
        <translation>%1, %2 in der Nähe, am nächsten %3, %4</translation>
    </message>
</context>
<context>
    <name>PaletteItem</name>
    <message>
        <source>%1, %2 by %3 tiles, blocks the way</source>
        <translation>%1, %2 × %3 Felder, versperrt den Weg</translation>
    </message>
    <message>
        <source>%1, %2 by %3 tiles, movable</source>
        <translation>%1, %2 × %3 Felder, verschiebbar</translation>
    </message>
    <message>
        <source>%1×%2 · blocks the way</source>
        <translation>%1×%2 · versperrt den Weg</translation>
    </message>
    <message>
        <source>%1×%2 · movable</source>
        <translation>%1×%2 · verschiebbar</translation>
    </message>
</context>
<context>
    <name>PalettePanel</name>
    <message>
        <source>Elements to place</source>
        <translation>Elemente zum Platzieren</translation>
    </message>
    <message>
        <source>Elements</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Search elements</source>
        <translation>Elemente suchen</translation>
    </message>
    <message>
        <source>No element matches.</source>
        <translation>Kein Element passt.</translation>
    </message>
</context>
<context>
    <name>PeoplePanel</name>
    <message>
        <source>People in this space</source>
        <translation>Personen in diesem Raum</translation>
    </message>
    <message>
        <source>People here (%1)</source>
        <translation>Hier anwesend (%1)</translation>
    </message>
</context>
<context>
    <name>PersonRow</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (Sie)</translation>
    </message>
    <message>
        <source>Locate</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <source>Show %1 on the map</source>
        <translation>%1 auf der Karte zeigen</translation>
    </message>
    <message>
        <source>Go to</source>
        <translation>Hingehen</translation>
    </message>
    <message>
        <source>Walk to %1</source>
        <translation>Zu %1 gehen</translation>
    </message>
    <message>
        <source>You, %1, at %2, %3</source>
        <translation>Sie, %1, bei %2, %3</translation>
    </message>
    <message>
        <source>%1, %2, at %3, %4</source>
        <translation>%1, %2, bei %3, %4</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Beschäftigt</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Moderate %1</source>
        <translation>%1 moderieren</translation>
    </message>
    <message>
        <source>Kick out</source>
        <translation>Hinauswerfen</translation>
    </message>
    <message>
        <source>Kick %1 out of the space</source>
        <translation>%1 aus dem Raum werfen</translation>
    </message>
    <message>
        <source>Ban…</source>
        <translation>Sperren…</translation>
    </message>
    <message>
        <source>Ban %1 from the space</source>
        <translation>%1 aus dem Raum sperren</translation>
    </message>
    <message>
        <source>Mute in chat…</source>
        <translation>Im Chat stummschalten…</translation>
    </message>
    <message>
        <source>Mute %1 in the chat</source>
        <translation>%1 im Chat stummschalten</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Send %1 a direct message</source>
        <translation>%1 eine Direktnachricht schicken</translation>
    </message>
</context>
<context>
    <name>RenameSpaceDialog</name>
    <message>
        <source>Rename “%1”</source>
        <translation>„%1“ umbenennen</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>Neuer Name</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
</context>
<context>
    <name>RoomDialog</name>
    <message>
        <source>New chat room</source>
        <translation>Neuer Chatraum</translation>
    </message>
    <message>
        <source>Rename “%1”</source>
        <translation>„%1“ umbenennen</translation>
    </message>
    <message>
        <source>Invite to “%1”</source>
        <translation>In „%1“ einladen</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>„%1“ löschen?</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Invite</source>
        <translation>Einladen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Username of a member of this space</source>
        <translation>Benutzername eines Mitglieds dieses Raums</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>Name des Chatraums</translation>
    </message>
    <message>
        <source>Private: only people I invite</source>
        <translation>Privat: nur für Eingeladene</translation>
    </message>
    <message>
        <source>The room and all its messages are deleted for everyone.</source>
        <translation>Der Chatraum und alle seine Nachrichten werden für alle gelöscht.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Erscheinungsbild</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Metaverse %1</source>
        <translation>Metaverse %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Share “%1”</source>
        <translation>„%1“ teilen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Add someone by username</source>
        <translation>Jemanden per Benutzername hinzufügen</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Add as editor</source>
        <translation>Mit Bearbeitungsrecht hinzufügen</translation>
    </message>
    <message>
        <source>Add as member</source>
        <translation>Als Mitglied hinzufügen</translation>
    </message>
    <message>
        <source>May edit the space</source>
        <translation>Darf den Raum bearbeiten</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Shared with (%1)</source>
        <translation>Geteilt mit (%1)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>Only you so far. Add someone above.</source>
        <translation>Bisher nur Sie. Fügen Sie oben jemanden hinzu.</translation>
    </message>
    <message>
        <source>People this space is shared with</source>
        <translation>Personen, mit denen dieser Raum geteilt ist</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Invite links</source>
        <translation>Einladungslinks</translation>
    </message>
    <message>
        <source>Bans (%1)</source>
        <translation>Sperren (%1)</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Anyone with a link can join as a member until it expires or is used up. The app link opens the Metaverse app; the web link opens a page that explains how.</source>
        <translation>Wer einen Link hat, kann beitreten, bis er abläuft oder aufgebraucht ist. Der App-Link öffnet die Metaverse-App; der Web-Link öffnet eine Seite, die erklärt, wie.</translation>
    </message>
    <message>
        <source>Expires after (hours)</source>
        <translation>Läuft ab nach (Stunden)</translation>
    </message>
    <message>
        <source>Expires after this many hours</source>
        <translation>Läuft nach so vielen Stunden ab</translation>
    </message>
    <message>
        <source>Uses</source>
        <translation>Benutzungen</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>How many people may use the link (0: no limit)</source>
        <translation>Wie viele Personen den Link benutzen dürfen (0: unbegrenzt)</translation>
    </message>
    <message>
        <source>People who join may edit the space</source>
        <translation>Wer beitritt, darf den Raum bearbeiten</translation>
    </message>
    <message>
        <source>Create link</source>
        <translation>Link erstellen</translation>
    </message>
    <message>
        <source>The new invite link (copied)</source>
        <translation>Der neue Einladungslink (kopiert)</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>No invite links yet.</source>
        <translation>Noch keine Einladungslinks.</translation>
    </message>
    <message>
        <source>Nobody is banned from this space.</source>
        <translation>Niemand ist aus diesem Raum gesperrt.</translation>
    </message>
    <message>
        <source>People banned from this space</source>
        <translation>Aus diesem Raum gesperrte Personen</translation>
    </message>
    <message>
        <source>Nothing has happened yet.</source>
        <translation>Noch ist nichts passiert.</translation>
    </message>
    <message>
        <source>What happened in this space</source>
        <translation>Was in diesem Raum passiert ist</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Metaverse logo</source>
        <translation>Metaverse-Logo</translation>
    </message>
    <message>
        <source>Metaverse</source>
        <translation>Metaverse</translation>
    </message>
    <message>
        <source>Your team&apos;s own 2D office: walk over to a colleague, gather in a meeting room, chat where you stand.</source>
        <translation>Das eigene 2D-Büro Ihres Teams: Gehen Sie zu Kolleginnen und Kollegen hinüber, treffen Sie sich im Besprechungsraum, chatten Sie dort, wo Sie stehen.</translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation>Konto erstellen</translation>
    </message>
    <message>
        <source>Welcome back</source>
        <translation>Willkommen zurück</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Konto erstellen</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>3 to 32 letters, digits, dots, dashes or underscores.</source>
        <translation>3 bis 32 Buchstaben, Ziffern, Punkte, Bindestriche oder Unterstriche.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Signing you in again…</source>
        <translation>Sie werden erneut angemeldet …</translation>
    </message>
    <message>
        <source>Sign in to join the space your invite link is for.</source>
        <translation>Melden Sie sich an, um dem Raum Ihres Einladungslinks beizutreten.</translation>
    </message>
</context>
<context>
    <name>SpaceAvatar</name>
    <message>
        <source>You, at %1, %2</source>
        <translation>Sie, bei %1, %2</translation>
    </message>
    <message>
        <source>%1 at %2, %3</source>
        <translation>%1 bei %2, %3</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (Sie)</translation>
    </message>
</context>
<context>
    <name>SpaceCard</name>
    <message>
        <source>Template %1, %2 tiles</source>
        <translation>Vorlage %1, %2 Kacheln</translation>
    </message>
    <message>
        <source>Space %1, %2 tiles</source>
        <translation>Raum %1, %2 Kacheln</translation>
    </message>
    <message>
        <source>%1 tiles</source>
        <translation>%1 Kacheln</translation>
    </message>
    <message>
        <source>Use template</source>
        <translation>Vorlage verwenden</translation>
    </message>
    <message>
        <source>Create a space from template %1</source>
        <translation>Einen Raum aus der Vorlage %1 erstellen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation>%1 umbenennen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>%1 löschen</translation>
    </message>
    <message>
        <source>Shared with you</source>
        <translation>Mit Ihnen geteilt</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Betreten</translation>
    </message>
    <message>
        <source>Enter %1</source>
        <translation>%1 betreten</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Teilen</translation>
    </message>
    <message>
        <source>Share %1</source>
        <translation>%1 teilen</translation>
    </message>
    <message>
        <source>Space %1 of %2, %3 tiles</source>
        <translation>Raum %1 von %2, %3 Felder</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Preview template %1</source>
        <translation>Vorlage %1 ansehen</translation>
    </message>
    <message>
        <source>Shared by %1</source>
        <translation>Geteilt von %1</translation>
    </message>
</context>
<context>
    <name>SpaceElementItem</name>
    <message>
        <source>%1 at %2, %3 (blocks the way)</source>
        <translation>%1 bei %2, %3 (versperrt den Weg)</translation>
    </message>
    <message>
        <source>%1 at %2, %3</source>
        <translation>%1 bei %2, %3</translation>
    </message>
</context>
<context>
    <name>SpaceGhost</name>
    <message>
        <source>The element fits here</source>
        <translation>Das Element passt hierher</translation>
    </message>
    <message>
        <source>The element cannot go here</source>
        <translation>Das Element kann hier nicht stehen</translation>
    </message>
</context>
<context>
    <name>SpacePage</name>
    <message>
        <source>Space %1</source>
        <translation>Raum %1</translation>
    </message>
    <message>
        <source>Back to dashboard</source>
        <translation>Zurück zu den Räumen</translation>
    </message>
    <message>
        <source>%1 × %2 tiles · you are at %3, %4</source>
        <translation>%1 × %2 Felder · Sie sind bei %3, %4</translation>
    </message>
    <message>
        <source>Entering…</source>
        <translation>Betrete …</translation>
    </message>
    <message>
        <source>Undo placement</source>
        <translation>Platzieren rückgängig</translation>
    </message>
    <message>
        <source>Delete element</source>
        <translation>Element löschen</translation>
    </message>
    <message>
        <source>Done editing</source>
        <translation>Bearbeiten beenden</translation>
    </message>
    <message>
        <source>Edit space</source>
        <translation>Raum bearbeiten</translation>
    </message>
    <message>
        <source>Connection lost. Reconnecting (attempt %1)…</source>
        <translation>Verbindung verloren. Verbinde neu (Versuch %1) …</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Jetzt neu verbinden</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Entering the space…</source>
        <translation>Betrete den Raum …</translation>
    </message>
    <message>
        <source>Pick an element, then click to place it. Drag movable ones. Delete removes the selected one.</source>
        <translation>Wählen Sie ein Element und klicken Sie, um es zu platzieren. Verschiebbare Elemente lassen sich ziehen. Entf löscht das ausgewählte.</translation>
    </message>
    <message>
        <source>Arrow keys or WASD to move, click to walk, Ctrl+wheel to zoom.</source>
        <translation>Pfeiltasten oder WASD zum Bewegen, Klick zum Hingehen, Strg+Mausrad zum Zoomen.</translation>
    </message>
    <message>
        <source>No way to reach %1 from here.</source>
        <translation>Von hier gibt es keinen Weg zu %1.</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Preview: read-only, nobody else sees you</source>
        <translation>Vorschau: nur ansehen, niemand sonst sieht Sie</translation>
    </message>
    <message>
        <source>%1 × %2 tiles · a template, read-only</source>
        <translation>%1 × %2 Felder · eine Vorlage, nur ansehen</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Teilen</translation>
    </message>
    <message>
        <source>Share this space</source>
        <translation>Diesen Raum teilen</translation>
    </message>
</context>
<context>
    <name>SpaceView</name>
    <message>
        <source>Space %1, %2 by %3 tiles. You are at %4, %5. Arrow keys or W, A, S, D move you.</source>
        <translation>Raum %1, %2 × %3 Felder. Sie sind bei %4, %5. Pfeiltasten oder W, A, S, D bewegen Sie.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>StatePlaceholder</name>
    <message>
        <source>Loading</source>
        <translation>Wird geladen</translation>
    </message>
</context>
<context>
    <name>StatusDot</name>
    <message>
        <source>Busy</source>
        <translation>Beschäftigt</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
</context>
<context>
    <name>StatusPicker</name>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Beschäftigt</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Your status: %1</source>
        <translation>Ihr Status: %1</translation>
    </message>
</context>
</TS>
