"""How the site writes dates and times for people, in English: one format, everywhere the admin
and the pages use Django's named formats ("7 Dec 2026, 03:29"), instead of Django's American
ones ("Dec. 7, 2026, 3:29 a.m.") beside our own. Templates write `|date:"DATETIME_FORMAT"`, Python
`core.times.person_time()`; newsroom/tests/test_date_formats.py refuses any other format in the
admin's templates and modules."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
