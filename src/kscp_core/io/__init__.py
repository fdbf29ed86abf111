"""Reading and writing records: strict loading and saving of files and single records."""
