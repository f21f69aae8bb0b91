"""Built-in policy sets; importing this package registers them."""

from ..policyset import register
from .gx_2017 import GX_2017

register(GX_2017)

__all__ = ["GX_2017"]
