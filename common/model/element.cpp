// SPDX-License-Identifier: GPL-3.0-or-later
#include "element.h"

#include "validation/validation.h"

namespace Metaverse
{

QJsonObject toJson(const Element &element)
{
    return {{QStringLiteral("id"), element.id}, {QStringLiteral("name"), element.name},
        {QStringLiteral("imageurl"), element.imageUrl}, {QStringLiteral("width"), element.width},
        {QStringLiteral("height"), element.height}, {QStringLiteral("static"), element.isStatic},
        {QStringLiteral("category"), element.category}};
}

template<>
Result<Element> fromJson<Element>(const QJsonValue &value)
{
    JsonReader in(value);
    Element element;
    element.id = in.string({"id"});
    element.name = in.optionalString({"name"}).value_or(QString());
    element.imageUrl = in.string({"imageurl", "imageUrl"});
    element.width = in.integer({"width"}, 1, Validation::ElementMaxSide);
    element.height = in.integer({"height"}, 1, Validation::ElementMaxSide);
    element.isStatic = in.boolean({"static"});
    // Servers before categories send none.
    element.category = in.optionalString({"category"}).value_or(QStringLiteral("furniture"));
    in.merge(Validation::elementCategory(element.category));
    return in.finish(element);
}

} // namespace Metaverse
