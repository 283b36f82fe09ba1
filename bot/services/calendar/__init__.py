"""Meeting times people can put in their calendars (issue 20): the slots a pair's shared working
hours allow (slots), the iCalendar files of a pair's series (invites), and the Add to Google
Calendar / Outlook links (links). Pure functions of their arguments: time comes in as "now"."""
