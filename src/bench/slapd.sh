#!/usr/bin/env bash
# Runs the search benchmark (docs/search-benchmark.md) against People Finder and OpenLDAP slapd
# (back-mdb) loaded with the same generated directory, and prints both results side by side.
#
#   src/bench/slapd.sh USERS SECONDS DIR [usual|every] [PORT]
#
# USERS, SECONDS, DIR as for the search benchmark (DIR: seed directory to generate or reuse).
# Indexes: "usual" (default) is slapd as usually configured for an address book: eq on uid,
# nhsOdsCode, objectClass; eq,sub on cn, sn, givenName, mail, displayName. "every" adds pres
# and approx (and sub on nhsOdsCode) to every attribute the benchmark's filters touch.
# PORT (default 3890) is where slapd listens, on 127.0.0.1 only.
#
# Steps: installs slapd with apt-get when missing (Debian; root or sudo); exports People Finder's
# loaded directory to DIR/slapd/people-finder-export.ldif (reused while newer than the seed files);
# builds a throw-away slapd configuration in a temporary directory (the schema converted from
# ldif/00-schema.ldif); loads the LDIF with slapadd -q; starts slapd; runs the benchmark with
# --compare; stops slapd and deletes the temporary directory (KEEP=1 keeps it).
# Environment: MAVEN_OPTS (default -Xmx6g), TMPDIR (where the slapd database goes).
set -euo pipefail

if [[ $# -lt 3 ]]; then
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
USERS=$1
SECONDS_PER_WORKLOAD=$2
DIR=$(mkdir -p "$3" && cd "$3" && pwd)
INDEXES=${4:-usual}
PORT=${5:-3890}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export MAVEN_OPTS=${MAVEN_OPTS:--Xmx6g}

# The benchmark binds to both servers as People Finder's NAS administrator; in slapd that DN is
# the rootdn, so it needs no entry of its own and no ACLs.
BIND_DN='uid=nas.admin,ou=Admins,dc=nhs,dc=net'
BIND_PASSWORD='Bench-1234'

case "$INDEXES" in
  usual | every) ;;
  *) echo "slapd.sh: indexes must be usual or every, not $INDEXES" >&2; exit 2 ;;
esac

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

install_slapd() {
  if [[ -x /usr/sbin/slapd && -x /usr/sbin/slapadd ]]; then
    return
  fi
  echo "installing slapd (apt-get)…"
  # No configuration: the package must not create or start a system directory of its own.
  echo 'slapd slapd/no_configuration boolean true' | as_root debconf-set-selections
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slapd ldap-utils >/dev/null
}

# cn=schema subentry (LDIF) → OpenLDAP schema file: unfold the continuation lines, keep the
# attributeTypes and objectClasses values, rename them to slapd's keywords. Operational types
# (USAGE other than userApplications: memberOf, nhsComplianceIssue, password state,
# hasSubordinates) are left out: slapd refuses operational types in a schema file, and the export
# leaves out operational attributes anyway.
convert_schema() {
  awk '
    /^#/ { next }
    /^ / { line = line substr($0, 2); next }
    { if (line != "") print line; line = $0 }
    END { if (line != "") print line }
  ' "$1" | awk '
    /^attributeTypes: / {
      if ($0 ~ /USAGE (directoryOperation|dSAOperation|distributedOperation)/) next
      sub(/^attributeTypes: /, "attributetype "); print; print ""; next
    }
    /^objectClasses: / { sub(/^objectClasses: /, "objectclass "); print; print ""; next }
  '
}

index_lines() {
  echo "index objectClass eq"
  if [[ $INDEXES == usual ]]; then
    echo "index uid,nhsOdsCode eq"
    echo "index cn,sn,givenName,mail,displayName eq,sub"
  else
    echo "index uid eq"
    echo "index nhsOdsCode eq,sub"
    echo "index cn,sn,givenName,mail,displayName eq,sub,pres,approx"
  fi
}

write_config() {
  local work=$1
  cat <<EOF
# Throw-away configuration written by src/bench/slapd.sh.
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include $work/peoplefinder.schema

pidfile $work/slapd.pid
argsfile $work/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload sssvlv
loglevel none
sizelimit unlimited
tool-threads 2

database mdb
maxsize 68719476736
suffix "dc=nhs,dc=net"
rootdn "$BIND_DN"
rootpw $BIND_PASSWORD
directory $work/db
$(index_lines)

# Server-side sort and virtual list view (RFC 2891, draft-ietf-ldapext-ldapv3-vlv).
overlay sssvlv
sssvlv-max 64
sssvlv-maxperconn 16
EOF
}

wait_for_slapd() {
  for _ in $(seq 1 100); do
    if ldapsearch -x -H "ldap://127.0.0.1:$PORT" -s base -b "" namingContexts >/dev/null 2>&1; then
      return
    fi
    sleep 0.2
  done
  echo "slapd.sh: slapd did not answer on 127.0.0.1:$PORT" >&2
  exit 1
}

mvn_bench() {
  (cd "$ROOT" && mvn -q -B exec:java@search-benchmark -Dexec.args="$1")
}

install_slapd
SLAPD_VERSION=$(dpkg-query -W -f='${Version}' slapd 2>/dev/null || echo unknown)
(cd "$ROOT" && mvn -q -B test-compile)

# Not in DIR itself: People Finder loads every .ldif file there as seed data.
LDIF="$DIR/slapd/people-finder-export.ldif"
if [[ ! -s $LDIF ]] || [[ -n $(find "$DIR" -maxdepth 1 -name '*.json' -newer "$LDIF" -print -quit) ]]; then
  mvn_bench "$USERS 0 $DIR --export-ldif $LDIF"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pf-slapd.XXXXXX")
cleanup() {
  if [[ -s $WORK/slapd.pid ]]; then
    kill "$(cat "$WORK/slapd.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [[ -e $WORK/slapd.pid ]] || break; sleep 0.2; done
  fi
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

mkdir -p "$WORK/db"
convert_schema "$ROOT/ldif/00-schema.ldif" >"$WORK/peoplefinder.schema"
write_config "$WORK" >"$WORK/slapd.conf"
/usr/sbin/slaptest -u -f "$WORK/slapd.conf" >/dev/null

started=$(date +%s%N)
/usr/sbin/slapadd -q -f "$WORK/slapd.conf" -l "$LDIF"
loaded=$(date +%s%N)
echo "slapadd -q loaded $LDIF in $(( (loaded - started) / 1000000 )) ms; database $(du -sh "$WORK/db" | cut -f1)"

/usr/sbin/slapd -f "$WORK/slapd.conf" -h "ldap://127.0.0.1:$PORT/"
wait_for_slapd

mvn_bench "$USERS $SECONDS_PER_WORKLOAD $DIR --compare ldap://127.0.0.1:$PORT --compare-name slapd-${SLAPD_VERSION%%+*}-$INDEXES"
