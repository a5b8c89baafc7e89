"""The comparison grid: its table, its HTML renderer, its image and the code samples it shows."""
