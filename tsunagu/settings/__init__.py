"""Settings package. tsunagu.cli picks local or production by TSUNAGU_ENV."""
