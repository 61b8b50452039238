"""E-mail: returns sent out with their drafts, reminders, receipts, and saved replies read back."""
