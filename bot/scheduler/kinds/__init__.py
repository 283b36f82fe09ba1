"""One module per kind of delivery, each declaring `KIND = DeliveryKind(...)` (see kind.py).

bot/scheduler/registry.py imports every module here; nothing else lists the kinds.
"""
