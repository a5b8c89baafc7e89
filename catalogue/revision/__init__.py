"""The catalogue revision: its bumps (changes), what each changed (scope), the signals
that bump it, and pinned views."""
