"""The case register: cases from lab results, retraction by maker-checker, a case's visits."""
