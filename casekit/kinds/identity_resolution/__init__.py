"""The ``identity_resolution`` kind: the bank that did not know its own customer.

people     the synthetic bank: customers, social accounts, posts, the hidden truth
normalise  Turkish-aware keys for matching (case, transliteration, phones, e-mails)
matching   blocking, comparison levels, rules, Fellegi-Sunter with EM, quality figures
schema     the scenario's sections and a plan's settings (frozen pydantic models)
replay     the engine: matching, then a year of complaints under the plan's policies
export     the data as CSV for pandas exercises
"""
