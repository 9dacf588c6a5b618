"""The demo: a synthetic population and a seed that uses every domain's services."""
