"""Day by day, from day 0 (treatment starts) to day 28: dates, content, calendar, API."""
