"""Live-data widgets: braille line plots, half-block heatmaps and images, matrices, bars, tables.

All are small in-house line-API widgets that rasterise with NumPy and cache their Strips, so a
frame stays in the low milliseconds at 120x40 (see `framebench`).
"""

from .bars import BarChart
from .heatmap import Heatmap
from .image import ImageView
from .lineplot import LinePlot
from .matrix import MatrixGrid
from .table import NumericTable

__all__ = ["BarChart", "Heatmap", "ImageView", "LinePlot", "MatrixGrid", "NumericTable"]
