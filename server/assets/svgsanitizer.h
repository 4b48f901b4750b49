// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QByteArray>

namespace Metaverse::SvgSanitizer
{

// Whether the bytes look like an SVG document at all (an XML prolog or comment, then an <svg
// root), so an upload can be told "not an image" apart from "an SVG we refuse".
bool looksLikeSvg(const QByteArray &data);

// Parses `svg` with QXmlStreamReader and writes it anew with QXmlStreamWriter, keeping only the
// elements and attributes of static SVG graphics on an allow-list. What is not on the list is
// dropped (editor metadata such as Inkscape's namespaced attributes, unknown elements with their
// content). What is active or reaches outside the document refuses the whole upload, with an
// UnsupportedMediaType error naming it: a DOCTYPE or any entity, processing instructions, script
// (in any namespace), foreignObject, animation elements, event-handler attributes, references
// that are not local (`#id`) in href or url(), `javascript:` anywhere, <image>, and CSS that can
// load or run something (@import, expression(), escapes). The writer's output is what gets
// stored, so a parser differential between this check and a browser cannot smuggle anything.
Result<QByteArray> sanitize(const QByteArray &svg);

} // namespace Metaverse::SvgSanitizer
