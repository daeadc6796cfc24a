"""Output formats: HTML (for preview and as WeasyPrint's input) and PDF."""
