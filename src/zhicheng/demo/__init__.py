"""The demo data set: Guangxi 2017 (桂职办〔2017〕26号) catalogue and one account per role.

An app of its own (`zhicheng demo`), above every other app, so none of them imports it.
"""
