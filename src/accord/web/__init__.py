"""The browser workbench's package; for now it holds the vendored static assets.

``static/vendor/`` has the Vega, Vega-Lite and vega-embed builds (versions and licences in its
``VENDORED.md``): the HTML report inlines them, and the workbench will serve them, so that no
figure ever needs the network.
"""
