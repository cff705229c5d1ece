"""Yandex Metrica Logs API rows beyond what a preset's columns say (the `metrica` handler).

The presets `metrica-hits` (`ym:pv:*`) and `metrica-visits` (`ym:s:*`) map the plain columns:
`clientID` as the anonymous id, the page, UTM fields as `context.campaign`, `lastTrafficSource`
as the channel. This module adds what arrays and JSON hold:

- goals (`ym:pv:goalsID` of a hit; `ym:s:goalsID` with `ym:s:goalsDateTime`, `ym:s:goalsPrice`
  of a visit) become `Goal Reached` events with `goal_id`;
- purchases (`ym:s:purchaseID`, `ym:s:purchaseDateTime`, `ym:s:purchaseRevenue`,
  `ym:s:purchaseCurrency`, ...) become `Order Completed` events with `order_id`, `revenue`,
  `currency` and the purchase's products (`ym:s:productsPurchaseID`, `ym:s:productsID`,
  `ym:s:productsName`, `ym:s:productsPrice`, ...);
- a user id passed in the visit parameters (`ym:pv:params` / `ym:s:params` JSON, or the
  `parsedParamsKey1`/`parsedParamsKey2` arrays; key `UserID` or the one `--user-param` names)
  becomes the user id of the row's events, so the visitor stitches to the CRM contact with that
  id;
- hits that are not page views (`ym:pv:isPageView` 0) become `Link Clicked`,
  `File Downloaded` or `Metrica Event` track calls.

Logs API prices are integers scaled by a documented factor: `goalsPrice` by 1 000 and
`productsPrice` by 1 000 000 (`purchaseRevenue` is not scaled); they are divided back here.
"""

from __future__ import annotations

import ast
import json
from typing import TYPE_CHECKING, Any, Final

from journeymap.events.presets import zone_for
from journeymap.events.vendor_text import parse_number, parse_time

if TYPE_CHECKING:
    from journeymap.events.options import IngestOptions
    from journeymap.events.preset_rows import Row, Staged
    from journeymap.events.presets import Preset

USER_PARAM_KEYS: Final = ("UserID", "userId", "user_id", "ClientUserID")
"""Keys of the visit parameters read as the user id when `--user-param` names none."""
PRODUCT_FIELDS: Final = {
    "productsID": ("product_id", 1.0),
    "productsName": ("name", 1.0),
    "productsBrand": ("brand", 1.0),
    "productsCategory": ("category", 1.0),
    "productsPrice": ("price", 1_000_000.0),
    "productsQuantity": ("quantity", 1.0),
}
CONSUMED: Final = ("goals", "purchase", "products", "params", "parsedParams")
"""Columns this module turns into events and properties itself."""
ORDER_FIELDS: Final = {
    "purchaseRevenue": "revenue",
    "purchaseCurrency": "currency",
    "purchaseCoupon": "coupon",
    "purchaseTax": "tax",
    "purchaseShipping": "shipping",
    "purchaseAffiliation": "affiliation",
}


def parse_array(text: str | None) -> list[Any]:
    """A ClickHouse array as the Logs API writes it (`[1,2]`, `['a','b']`); [] when blank."""
    if not text or text in ("[]", ""):
        return []
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return [part.strip().strip("'") for part in text.strip("[]").split(",") if part.strip()]
    return list(value) if isinstance(value, list | tuple) else [value]


def _params(row: Row, prefix: str) -> dict[str, Any] | None:
    text = row.get(f"{prefix}params")
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _parsed_params(row: Row, prefix: str, keys: tuple[str, ...]) -> str | None:
    """The user id from `parsedParamsKey1`/`parsedParamsKey2` (the visit parameters as arrays
    of the first and second level: `['UserID']`, `['u-42']`)."""
    first = parse_array(row.get(f"{prefix}parsedParamsKey1"))
    second = parse_array(row.get(f"{prefix}parsedParamsKey2"))
    for index, name in enumerate(first):
        if str(name) in keys and index < len(second) and str(second[index]).strip():
            return str(second[index]).strip()
    return None


def _user_id(
    row: Row, prefix: str, params: dict[str, Any] | None, options: IngestOptions
) -> str | None:
    keys = (options.user_param,) if options.user_param else USER_PARAM_KEYS
    if not params:
        return _parsed_params(row, prefix, keys)
    for key in keys:
        value = params.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _derived(base: Staged, kind: str, name: str, suffix: str, extra: dict[str, Any]) -> Staged:
    event = dict(base)
    event["type"] = kind
    event["event"] = name
    event["message_id"] = f"{base['message_id']}:{suffix}" if base["message_id"] else None
    event["properties"] = extra
    return event


def _at(times: list[Any], index: int, base: Staged, zone: str) -> tuple[str | None, str | None]:
    if index < len(times) and str(times[index]).strip():
        parsed = parse_time(str(times[index]), zone)
        return (parsed, None) if parsed else (str(times[index]), "unparsable time")
    return base["time"], base["reason"]


def _goals(row: Row, base: Staged, prefix: str, zone: str) -> list[Staged]:
    ids = parse_array(row.get(f"{prefix}goalsID"))
    times = parse_array(row.get(f"{prefix}goalsDateTime"))
    prices = parse_array(row.get(f"{prefix}goalsPrice"))
    events = []
    for index, goal in enumerate(ids):
        extra: dict[str, Any] = {"goal_id": str(goal)}
        if index < len(prices) and parse_number(str(prices[index])):
            extra["revenue"] = (parse_number(str(prices[index])) or 0.0) / 1000
        event = _derived(base, "track", "Goal Reached", f"goal:{index}:{goal}", extra)
        event["time"], reason = _at(times, index, base, zone)
        event["reason"] = base["reason"] or reason
        events.append(event)
    return events


def _product_field(row: Row, field: str) -> list[Any]:
    """A purchased products array under its current name (`ym:s:purchasedProductID`) or the
    former one (`ym:s:productsID`), which the Logs API still exports."""
    renamed = "purchasedProduct" + field.removeprefix("products")
    return parse_array(row.get(f"ym:s:{renamed}", f"ym:s:{field}"))


def _products(row: Row, order_id: str) -> list[dict[str, Any]]:
    owners = [str(v) for v in _product_field(row, "productsPurchaseID")]
    columns = {key: _product_field(row, field) for field, (key, _) in PRODUCT_FIELDS.items()}
    products = []
    for index, owner in enumerate(owners):
        if owner != order_id:
            continue
        product: dict[str, Any] = {}
        for key, scale in PRODUCT_FIELDS.values():
            values = columns[key]
            if index < len(values):
                number = parse_number(str(values[index])) if scale != 1.0 else None
                product[key] = number / scale if number is not None else values[index]
        products.append(product)
    return products


def _orders(row: Row, base: Staged, zone: str) -> list[Staged]:
    ids = [str(v) for v in parse_array(row.get("ym:s:purchaseID"))]
    times = parse_array(row.get("ym:s:purchaseDateTime"))
    fields = {key: parse_array(row.get(f"ym:s:{field}")) for field, key in ORDER_FIELDS.items()}
    events = []
    for index, order_id in enumerate(ids):
        extra: dict[str, Any] = {"order_id": order_id}
        for key, values in fields.items():
            if index < len(values) and str(values[index]).strip():
                number = parse_number(str(values[index])) if key != "currency" else None
                extra[key] = number if number is not None and key != "coupon" else values[index]
        extra["products"] = _products(row, order_id)
        event = _derived(base, "track", "Order Completed", f"order:{order_id}", extra)
        event["message_id"] = f"ym:order:{order_id}"  # the same order in every visit version
        event["time"], reason = _at(times, index, base, zone)
        event["reason"] = base["reason"] or reason
        events.append(event)
    return events


def _hit_kind(row: Row, base: Staged) -> None:
    """A hit that is not a page view is a track call named by what it was."""
    if row.get("ym:pv:isPageView") not in ("0",):
        return
    base["type"] = "track"
    if row.get("ym:pv:link") == "1":
        base["event"] = "Link Clicked"
    elif row.get("ym:pv:download") == "1":
        base["event"] = "File Downloaded"
    else:
        base["event"] = "Metrica Event"


def _plain_keys(properties: dict[str, Any] | None, prefix: str) -> dict[str, Any] | None:
    if properties is None:
        return None
    plain = {k.removeprefix(prefix): v for k, v in properties.items()}
    return {k: v for k, v in plain.items() if not k.startswith(CONSUMED)}


def metrica_events(
    row: Row, events: list[Staged], preset: Preset, options: IngestOptions
) -> list[Staged]:
    """The preset's events of a Logs API row plus its goals and purchases."""
    prefix = "ym:pv:" if row.get("ym:pv:watchID") or "ym:pv:watchid" in row.cells else "ym:s:"
    zone = zone_for(preset, options)
    params = _params(row, prefix)
    user_id = _user_id(row, prefix, params, options)
    out: list[Staged] = []
    for base in events:
        base["properties"] = _plain_keys(base["properties"], prefix)
        if params is not None and base["properties"] is not None:
            base["properties"]["params"] = params
        if user_id is not None:
            base["user_id"] = user_id
        if prefix == "ym:pv:":
            _hit_kind(row, base)
        goals = _goals(row, base, prefix, zone)
        orders = _orders(row, base, zone) if prefix == "ym:s:" else []
        if base["type"] == "track" and base["event"] == "Metrica Event" and goals:
            out += goals  # a goal hit is its goals
        else:
            out += [base, *goals]
        out += orders
    return out
