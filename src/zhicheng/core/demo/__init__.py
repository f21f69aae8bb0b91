"""The demo data set: Guangxi 2017 (桂职办〔2017〕26号) catalogue and one account per role."""

from zhicheng.core.demo.load import DemoLogin, load_demo

__all__ = ["DemoLogin", "load_demo"]
