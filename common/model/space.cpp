// SPDX-License-Identifier: GPL-3.0-or-later
#include "space.h"

#include "validation/validation.h"

namespace Metaverse
{

namespace
{
QJsonValue optionalString(const QString &value)
{
    return value.isEmpty() ? QJsonValue() : QJsonValue(value);
}
} // namespace

QJsonObject toJson(const SpaceElement &placed)
{
    return {{QStringLiteral("id"), placed.id}, {QStringLiteral("x"), placed.position.x},
        {QStringLiteral("y"), placed.position.y}, {QStringLiteral("element"), toJson(placed.element)}};
}

template<>
Result<SpaceElement> fromJson<SpaceElement>(const QJsonValue &value)
{
    JsonReader in(value);
    SpaceElement placed;
    placed.id = in.string({"id"});
    placed.position.x = in.integer({"x"}, 0, Grid::MaxSide - 1);
    placed.position.y = in.integer({"y"}, 0, Grid::MaxSide - 1);
    auto element = fromJson<Element>(in.value({"element"}));
    if (element) {
        placed.element = std::move(element).value();
    } else {
        in.merge(element.error(), QStringLiteral("element"));
    }
    return in.finish(placed);
}

QJsonObject toJson(const Space &space)
{
    QJsonArray elements;
    for (const auto &placed : space.elements) {
        elements.append(toJson(placed));
    }
    return {{QStringLiteral("id"), space.id}, {QStringLiteral("name"), space.name},
        {QStringLiteral("width"), space.size.width}, {QStringLiteral("height"), space.size.height},
        {QStringLiteral("dimensions"), Validation::formatDimensions(space.size)},
        {QStringLiteral("thumbnail"), optionalString(space.thumbnail)},
        {QStringLiteral("createdBy"), optionalString(space.creatorId)},
        {QStringLiteral("isTemplate"), space.isTemplate},
        {QStringLiteral("maxUsers"), space.maxUsers ? QJsonValue(*space.maxUsers) : QJsonValue()},
        {QStringLiteral("elements"), elements}};
}

template<>
Result<Space> fromJson<Space>(const QJsonValue &value)
{
    JsonReader in(value);
    Space space;
    space.id = in.string({"id"});
    space.name = in.string({"name"});
    space.size.width = in.integer({"width"}, Grid::MinSide, Grid::MaxSide);
    space.size.height = in.integer({"height"}, Grid::MinSide, Grid::MaxSide);
    space.thumbnail = in.optionalString({"thumbnail"}).value_or(QString());
    space.creatorId = in.optionalString({"createdBy"}).value_or(QString());
    space.isTemplate = in.optionalBoolean({"isTemplate"}).value_or(false);
    space.maxUsers = in.optionalInteger({"maxUsers"}, SpaceMinUsers, SpaceMaxUsers);
    const auto elements = in.array({"elements"});
    for (qsizetype i = 0; i < elements.size(); ++i) {
        auto placed = fromJson<SpaceElement>(elements.at(i));
        if (!placed) {
            in.merge(placed.error(), QStringLiteral("elements[%1]").arg(i));
            continue;
        }
        space.elements.append(std::move(placed).value());
    }
    return in.finish(space);
}

QJsonObject toSummaryJson(const Space &space)
{
    return {{QStringLiteral("id"), space.id}, {QStringLiteral("name"), space.name},
        {QStringLiteral("thumbnail"), optionalString(space.thumbnail)},
        {QStringLiteral("dimensions"), Validation::formatDimensions(space.size)},
        {QStringLiteral("isTemplate"), space.isTemplate},
        {QStringLiteral("createdBy"), optionalString(space.creatorId)}};
}

Result<Space> spaceFromSummaryJson(const QJsonValue &value)
{
    JsonReader in(value);
    Space space;
    space.id = in.string({"id"});
    space.name = in.string({"name"});
    space.thumbnail = in.optionalString({"thumbnail"}).value_or(QString());
    auto size = Validation::dimensions(in.string({"dimensions"}));
    if (size) {
        space.size = *size;
    } else {
        in.merge(size.error());
    }
    space.isTemplate = in.optionalBoolean({"isTemplate"}).value_or(false);
    space.creatorId = in.optionalString({"createdBy"}).value_or(QString());
    return in.finish(space);
}

QJsonObject toJson(const SpaceMember &member)
{
    return {{QStringLiteral("userId"), member.userId}, {QStringLiteral("username"), member.username},
        {QStringLiteral("canEdit"), member.canEdit}};
}

template<>
Result<SpaceMember> fromJson<SpaceMember>(const QJsonValue &value)
{
    JsonReader in(value);
    SpaceMember member;
    member.userId = in.string({"userId"});
    member.username = in.string({"username"});
    member.canEdit = in.boolean({"canEdit"});
    return in.finish(member);
}

} // namespace Metaverse
