"""Home surveillance and release orders: signed documents, their MyRisk status, and the
enforcement alerts raised when a person under an order checks in."""
