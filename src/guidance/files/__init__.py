"""Files: scenarios, exports, the economic case's Word section and book links.

Functions here take data (a calculator's name, its values, an ``Output``) and read or
write files and addresses; they know no front end.
"""
