"""The scoring engine and its matrix (plain numpy, no request in sight), used by every
page that ranks."""
