"""The citizen's app: the home screen of cards (check in, my status, certificates, dependents,
appointments, check-in history) built on the services of the domains below."""
