-- The language of a member's personal reminder DM (issue 16): the member's Discord locale
-- (``interaction.locale``) when they set the reminder. NULL (reminders set before): English.

ALTER TABLE personal_reminders ADD COLUMN locale TEXT;
