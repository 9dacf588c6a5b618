"""``python -m sihat`` is the ``sihat`` command."""

from sihat.cli import main

main()
