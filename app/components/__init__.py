"""Building blocks of the page, one module per part."""
