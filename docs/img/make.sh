#!/bin/sh
# Regenerates every picture in docs/img from the built-in dataset.
#
#   sh docs/img/make.sh            # writes docs/img/*, with target/debug/egov
#   EGOV=egov sh docs/img/make.sh /tmp/pictures
#
# Run from the repository's root. Needs Graphviz (`dot`) and Chromium
# (CHROMIUM names another binary). A test
# (tests/integration/diagrams.rs) runs it into a temporary folder and checks
# that it draws every picture this folder holds.
set -eu
out=${1:-docs/img}
# The pictures of docs/diagrams.md are drawn from the seed articles
# (--collection seeds): the whole world network is too large for one page.
egov="${EGOV:-target/debug/egov} --collection seeds"
mkdir -p "$out"

# The whole network, and Kazakhstan's and Korea's ego networks.
$egov render -o "$out/korea.svg"
$egov render -o "$out/korea.png"
$egov render --ego kz --level org -o "$out/kz.svg"
$egov render --ego kr --level country -o "$out/kr-ego.svg"
$egov render --ego kz --level country --renderer builtin -o "$out/kz-builtin.svg"

# A path, in the whole graph and alone.
$egov render --path fr uz --level org -o "$out/path-fr-uz.png"
$egov render --path fr uz --level org --only-path -o "$out/path-fr-uz-only.png"

# Regional spreaders from Korea.
$egov render --spreaders --from kr --region "Central Asia" -o "$out/spreaders-kr.png"

# For a briefing: Korea's partners sized by PageRank, coloured by region,
# on an A4 landscape page; and the same on a 16:9 slide.
$egov render --preset briefing --ego kr --level country --size-by pagerank --color-by region -o "$out/kr-briefing.png"
$egov render --preset slide --ego kr --level country --size-by pagerank --color-by region -o "$out/kr-slide.png"

# Communities, on the whole view's spring layout; and a part of it in the
# same places.
$egov render --level country --layout neato --color-by community --size-by degree --labels none -o "$out/communities.png"
$egov render --level country --layout neato --color-by community --size-by degree --ego kz -o "$out/communities-kz.png"

# The interactive map, photographed by headless Chromium at 1400 × 717.
chromium=${CHROMIUM:-chromium}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot() { # shot PAGE.html FRAGMENT PICTURE
    "$chromium" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
        --window-size=1400,717 --screenshot="$3" "file://$1$2" >/dev/null 2>&1
}
$egov render -o "$tmp/map.html"
$egov render --ego kr -o "$tmp/kr.html"
$egov render --spreaders --from kr --level country -o "$tmp/spreaders.html"
shot "$tmp/map.html" "#sel=uz" "$out/map-whole.png"
shot "$tmp/kr.html" "" "$out/map-kr-ego.png"
shot "$tmp/spreaders.html" "" "$out/map-spreaders.png"
