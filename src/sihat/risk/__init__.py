"""MyRisk: each person's one current risk status and its history, exposures, the policy."""
