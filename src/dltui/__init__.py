"""dltui: learn deep learning by watching real models train in the terminal."""

__version__ = "0.1.0"
