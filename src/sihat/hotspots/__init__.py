"""Hotspots: premises with clusters of cases (HIDE), district and H3 zones, the Hotspot Tracker."""
