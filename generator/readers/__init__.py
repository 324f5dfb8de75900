"""Readers: a document as the site stores it, from the file or the bytes it came in (a saved web
page, a PDF, a recording's captions), each behind the same interface (`readers.read`)."""
