"""Identity: people, MyKad and passports, the reference register, accounts, sessions, dependents."""
