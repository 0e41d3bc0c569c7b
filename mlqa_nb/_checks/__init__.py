"""The built-in checks, one module each; importing this package registers them.

A new check is a new module here whose function carries ``@register(id, ...)``.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
