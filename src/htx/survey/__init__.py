"""The satisfaction index survey of cooperatives (Chỉ số hài lòng cấp tỉnh của HTX): pure model and scoring.

A round (vòng khảo sát) is one year's survey: its questionnaire (dimensions → items, answer
scales, weights) is data an administrator loads (``data/`` ships an example, not the official
form); :mod:`htx.survey.scoring` computes item, dimension and provincial scores from the
answers. Nothing here touches the database, the web or the CLI.
"""
