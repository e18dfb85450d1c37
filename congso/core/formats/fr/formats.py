# French keeps the Vietnamese date formats (dd/mm/yyyy) and separators: the portal's readers are in Vietnam.
from congso.core.formats.vi.formats import *  # noqa: F403
