"""The demo's showcase story: every kind of thing a story body holds, so that a newcomer sees
them at once (`make run`). Our own writing, about a fictional harbour town."""

SHOWCASE = {
    "slug": "how-the-storm-surge-was-measured",
    "headline": "How the storm surge was measured, gauge by gauge",
    "standfirst": "Three tide gauges, two volunteers and one very wet notebook: the making of the harbour's flood record.",
    "section": "science",
    "days_ago": 1,
}

# {picture:N} is replaced by the library id of the Nth demo picture drawn for the showcase.
SHOWCASE_BODY = """
<p>When the surge came over the north mole at 3.40am, the harbour's three tide gauges were already
recording<sup data-footnote="The gauges log every six minutes; the harbour office publishes the raw series each month."></sup>.
What follows is how their readings became the flood record the council now relies on.</p>
<figure data-image="{picture:0}" data-size="wide"><figcaption>The north mole an hour after high water, seen from the lifeboat slipway.</figcaption></figure>
<h2>Three gauges, three stories</h2>
<p>The gauges disagree, and they are meant to. Each sits in a different part of the harbour, and water piles up
unevenly when the wind pushes it<sup data-footnote="A surge is the rise above the predicted tide, not the height of the water itself."></sup>.</p>
<table><caption>Highest water recorded, metres above chart datum</caption>
<thead><tr><th scope="col"><p>Gauge</p></th><th scope="col"><p>Predicted</p></th><th scope="col"><p>Recorded</p></th><th scope="col"><p>Surge</p></th></tr></thead>
<tbody><tr><th scope="row"><p>North mole</p></th><td><p>5.1</p></td><td><p>6.3</p></td><td><p>1.2</p></td></tr>
<tr><th scope="row"><p>Fish quay</p></th><td><p>5.1</p></td><td><p>6.0</p></td><td><p>0.9</p></td></tr>
<tr><th scope="row"><p>Inner basin</p></th><td><p>5.0</p></td><td><p>5.7</p></td><td><p>0.7</p></td></tr></tbody>
<tfoot><tr><th scope="row"><p>Largest</p></th><td colspan="3"><p>1.2 m, north mole</p></td></tr></tfoot></table>
<aside class="pull-quote"><p>The notebook was soaked, but pencil survives anything.</p><cite>Ines Calder, volunteer gauge reader</cite></aside>
<h3>The volunteers' notebook</h3>
<p>Before the electronic gauges, two volunteers read a painted board by torchlight. Their notes still matter:
they are the only record for the years <del>before 1990</del> <ins>before 1987</ins>, and H<sub>2</sub>O,
it turns out, rises faster than anyone wrote down.</p>
<div class="gallery" data-columns="3"><figure data-image="{picture:1}" data-size="column"><figcaption>The painted tide board.</figcaption></figure><figure data-image="{picture:2}" data-size="column"><figcaption>The notebook, dried out.</figcaption></figure><figure data-image="{picture:0}" data-size="column"><figcaption>The board at low water.</figcaption></figure></div>
<h4>Words the gauge readers use</h4>
<dl><dt>Surge</dt><dd>Water above the predicted tide, pushed by wind and low pressure.</dd><dt>Chart datum</dt><dd>The level from which every depth on the charts is measured.</dd></dl>
<figure class="embed" data-url="https://x.com/gullhavenharbour/status/1765432109876543210" data-provider="x" data-title="" data-author="Gullhaven Harbour Office" data-date="4 December 2026" data-text="North mole gauge reads 6.3 m above chart datum at 03:42. Keep clear of the sea wall until the tide turns."></figure>
<details><summary>How the readings were checked</summary><p>Each gauge was compared with the volunteers' board and with a survey level taken the next morning.</p></details>
<hr class="page-break">
<h2>What the record is for</h2>
<p>The council uses the highest recorded water to decide where new flood walls go. Readers can read the
<abbr title="Harbour Flood Record">HFR</abbr> summary on the <a href="/about/">harbour office's page</a>,
or press <kbd>Ctrl</kbd> + <kbd>F</kbd> in it to find their street.</p>
<p class="button"><a href="/about/">Read how we report floods</a></p>
<pre class="verse">High water, high water,
    the mole is under foam;
the gauges keep on counting
    while the boats stay home.</pre>
"""
