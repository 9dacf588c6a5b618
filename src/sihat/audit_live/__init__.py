"""The live audit: the auditor's tests on this installation's own database; reads every domain."""
