"""The page `dltui serve` hands each browser tab: textual-serve's, without the web font it
would fetch from a CDN (a classroom may have no internet)."""
