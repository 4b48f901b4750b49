// SPDX-License-Identifier: GPL-3.0-or-later
// The metaverse desktop client.

#include "app/startup.h"

#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(MetaversePlugin)

int main(int argc, char *argv[])
{
    return Metaverse::runClient(argc, argv);
}
