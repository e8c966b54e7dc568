"""The demo newsroom's sections and staff: invented people."""

SECTIONS = [
    ("News", "news", "What happened today, at home and abroad."),
    ("Politics", "politics", "Councils, parliaments and the people who run them."),
    ("Business", "business", "Companies, jobs, prices and the money behind them."),
    ("Science", "science", "Research, health, climate and technology."),
    ("Culture", "culture", "Books, music, film, food and the arts."),
]

AUTHORS = [
    ("Amara Okafor", "amara-okafor", "Covers city hall and regional politics. Previously a court reporter."),
    (
        "Jonas Lindqvist",
        "jonas-lindqvist",
        "Science correspondent; writes about climate, energy and the people who study them.",
    ),
    ("Priya Raman", "priya-raman", "Business editor. Follows small firms, supply chains and the cost of living."),
    ("Tomás Herrera", "tomas-herrera", "Foreign desk. Has reported from four continents, usually with a dead phone."),
    ("Hannah Becker", "hannah-becker", "Culture writer and occasional restaurant critic."),
    ("Kwame Mensah", "kwame-mensah", "Data reporter. Turns spreadsheets into stories and stories into charts."),
    ("Lucía Navarro", "lucia-navarro", "Health reporter covering hospitals, public health and medical research."),
]
