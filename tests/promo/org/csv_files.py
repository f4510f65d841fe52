"""People CSVs the import tests share."""

HEADER = "email,display_name,team,level,manager_email,mentor_emails,is_active\n"

# Each bad line is one kind of problem; the comment gives its line number in the file.
BAD_FILE = (
    HEADER
    + "new.lead@example.com,New Lead,Payments,L7,dana@example.com,,yes\n"  # 2: good
    + "kim@example.com,Kim,Payments,L5,nobody@example.com,,yes\n"  # 3: unknown manager
    + "dana@example.com,Dana Director,,L8,olive@example.com,,yes\n"  # 4: loop via existing
    + "new.lead@example.com,Again,Payments,L6,,,yes\n"  # 5: duplicate email
    + "lee@example.com,Lee,Payments,L42,maya@example.com,,yes\n"  # 6: not on the ladder
    + "self@example.com,Self,Payments,L5,self@example.com,,yes\n"  # 7: own manager
    + "ann@example.com,Ann,Payments,L5,maya@example.com,,yes,extra\n"  # 8: too many cells
    + "not-an-email,Nope,Payments,L5,,,yes\n"  # 9: malformed email
    + "mia@example.com,Mia,Payments,L5,,mia@example.com,yes\n"  # 10: own mentor
)

GOOD_FILE = HEADER + (
    "ivy@example.com,Ivy Lead,Platform,L7,dana@example.com,,yes\n"
    "jon@example.com,Jon New,platform,L4,ivy@example.com,pia@example.com;uma@example.com,\n"
    "olive@example.com,Olive Owner,Search,L6,ivy@example.com,uma@example.com,yes\n"
    "ezra@example.com,Ezra Engineer,Search,L5,otto@example.com,uma@example.com,no\n"
    "maya@example.com,Maya Manager,Payments,L7,dana@example.com,,yes\n"
)
