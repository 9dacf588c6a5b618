"""Staff accounts, scoped roles, password + TOTP login and sessions; changed only via governance."""
