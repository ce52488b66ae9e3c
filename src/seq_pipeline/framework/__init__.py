"""How a run is run, with no machine learning in it.

Run identity and the run store (`runs`), which pipeline a plain `kedro run` picks
(`path_choice`) and the Kedro hooks that tie them to a session (`hooks/`).
"""
