"""Column mapping: real export header rows, the known traps, overrides, sniffing, wide files."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtool.errors import UsageError
from leadtool.normalize.columns import (
    FIELDS,
    MULTI_FIELDS,
    ColumnMap,
    map_columns,
    normalize_header,
    parse_map_options,
)

LINKEDIN_CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
SALES_NAVIGATOR = (
    "First Name,Last Name,Job Title,Account Name,Geography,LinkedIn URL,Sales Navigator URL,"
    "Connection Degree"
)
SALES_NAVIGATOR_PHANTOM = (
    "profileUrl,fullName,firstName,lastName,companyName,title,location,companyLocation,"
    "linkedInProfileUrl,vmid,defaultProfileUrl"
)
APOLLO = (
    "First Name,Last Name,Title,Company,Company Name for Emails,Email,Email Status,Seniority,"
    "Departments,First Phone,Work Direct Phone,Home Phone,Mobile Phone,Corporate Phone,"
    "Other Phone,Stage,# Employees,Industry,Person Linkedin Url,Website,Company Linkedin Url,"
    "Facebook Url,Twitter Url,City,State,Country,Company Address,Company City,Company State,"
    "Company Country,Company Phone,Secondary Email,Email Sent,Email Bounced,Apollo Contact Id"
)
HUBSPOT = (
    "Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Company Name,"
    "Job Title,Lifecycle Stage,Lead Status,City,State/Region,Country/Region,Postal Code,"
    "Website URL,LinkedIn URL,Contact owner,Associated Company,Create Date"
)
HUBSPOT_API_JSON = (
    "id,properties.firstname,properties.lastname,properties.email,properties.phone,"
    "properties.company,properties.jobtitle,properties.lifecyclestage,properties.zip,"
    "properties.hs_object_id,createdAt,archived"
)
SALESFORCE = (
    "First Name,Last Name,Title,Company / Account,Email,Phone,Mobile,Lead Source,Lead Status,"
    "Street,City,State/Province,Zip/Postal Code,Country,Website,Email Opt Out"
)
MAILCHIMP = (
    "Email Address,First Name,Last Name,Address,Phone Number,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,"
    "CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,"
    "LEID,EUID,NOTES,TAGS"
)
GOOGLE_CONTACTS = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Name Prefix,Name Suffix,Nickname,"
    "File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,"
    "Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,"
    "Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - Region,"
    "Address 1 - Postal Code,Address 1 - Country,Website 1 - Label,Website 1 - Value"
)
GOOGLE_CONTACTS_OLD = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Name Prefix,"
    "Location,Occupation,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,"
    "Organization 1 - Name,Organization 1 - Title,Organization 2 - Name,Website 1 - Type,"
    "Website 1 - Value"
)
OUTLOOK = (
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
    "Business Street,Business City,Business State,Business Postal Code,"
    "Business Country/Region,Home City,Home State,Home Postal Code,Home Country/Region,"
    "Assistant's Phone,Business Fax,Business Phone,Business Phone 2,Car Phone,"
    "Company Main Phone,Home Phone,Mobile Phone,Other Phone,Pager,Primary Phone,Account,"
    "Categories,E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,"
    "E-mail 3 Address,Location,Notes,Office Location,Profession,Web Page"
)

CASES: list[tuple[str, str, str | None, dict[str, str]]] = [
    (
        "linkedin-connections",
        LINKEDIN_CONNECTIONS,
        "linkedin-connections",
        {
            "First Name": "first_name",
            "Last Name": "last_name",
            "URL": "linkedin",
            "Email Address": "email",
            "Company": "company",
            "Position": "title",
            "Connected On": "custom",
        },
    ),
    (
        "sales-navigator",
        SALES_NAVIGATOR,
        "linkedin-sales-navigator",
        {
            "Job Title": "title",
            "Account Name": "company",
            "Geography": "location",
            "LinkedIn URL": "linkedin",
            "Sales Navigator URL": "custom",
            "Connection Degree": "custom",
        },
    ),
    (
        "sales-navigator-phantom",
        SALES_NAVIGATOR_PHANTOM,
        "linkedin-sales-navigator",
        {
            "profileUrl": "custom",
            "fullName": "full_name",
            "firstName": "first_name",
            "lastName": "last_name",
            "companyName": "company",
            "title": "title",
            "location": "location",
            "companyLocation": "custom",
            "linkedInProfileUrl": "linkedin",
            "defaultProfileUrl": "custom",
        },
    ),
    (
        "apollo",
        APOLLO,
        "apollo",
        {
            "Title": "title",
            "Company": "company",
            "Company Name for Emails": "custom",
            "Email": "email",
            "Secondary Email": "email",
            "Email Status": "custom",
            "Email Sent": "custom",
            "Email Bounced": "custom",
            "First Phone": "phone",
            "Work Direct Phone": "phone",
            "Home Phone": "phone",
            "Mobile Phone": "phone",
            "Other Phone": "phone",
            "Company Phone": "company_phone",
            "Corporate Phone": "custom",
            "Stage": "custom",  # Apollo sequence status, not a lifecycle stage
            "# Employees": "custom",
            "Person Linkedin Url": "linkedin",
            "Company Linkedin Url": "custom",
            "Website": "website",
            "City": "city",
            "State": "state",
            "Country": "country",
            "Company Address": "custom",
            "Company City": "custom",
            "Company State": "custom",
            "Company Country": "custom",
            "Apollo Contact Id": "custom",
        },
    ),
    (
        "hubspot",
        HUBSPOT,
        "hubspot",
        {
            "Record ID": "custom",
            "Email": "email",
            "Phone Number": "phone",
            "Mobile Phone Number": "phone",
            "Company Name": "company",
            "Associated Company": "custom",
            "Job Title": "title",
            "Lifecycle Stage": "stage",
            "Lead Status": "custom",
            "State/Region": "state",
            "Country/Region": "country",
            "Postal Code": "postal_code",
            "Website URL": "website",
            "LinkedIn URL": "linkedin",
        },
    ),
    (
        "hubspot-api-json",
        HUBSPOT_API_JSON,
        "hubspot",
        {
            "id": "custom",
            "properties.firstname": "first_name",
            "properties.email": "email",
            "properties.phone": "phone",
            "properties.company": "company",
            "properties.jobtitle": "title",
            "properties.lifecyclestage": "stage",
            "properties.zip": "postal_code",
            "properties.hs_object_id": "custom",
        },
    ),
    (
        "salesforce",
        SALESFORCE,
        "salesforce",
        {
            "Title": "title",
            "Company / Account": "company",
            "Email": "email",
            "Phone": "phone",
            "Mobile": "phone",
            "Lead Source": "custom",
            "Lead Status": "custom",
            "Street": "custom",
            "State/Province": "state",
            "Zip/Postal Code": "postal_code",
            "Website": "website",
            "Email Opt Out": "opt_out",
        },
    ),
    (
        "mailchimp",
        MAILCHIMP,
        "mailchimp",
        {
            "Email Address": "email",
            "Address": "location",
            "Phone Number": "phone",
            "MEMBER_RATING": "custom",
            "OPTIN_TIME": "consent_at",
            "CONFIRM_TIME": "custom",
            "OPTIN_IP": "custom",
            "LATITUDE": "custom",
            "CC": "country",
            "REGION": "state",
            "TIMEZONE": "custom",
            "NOTES": "custom",
            "TAGS": "tags",
        },
    ),
    (
        "google-contacts",
        GOOGLE_CONTACTS,
        "google-contacts",
        {
            "Middle Name": "middle_name",
            "Phonetic First Name": "custom",
            "Organization Name": "company",
            "Organization Title": "title",
            "Labels": "tags",
            "E-mail 1 - Label": "custom",
            "E-mail 1 - Value": "email",
            "E-mail 2 - Value": "email",
            "Phone 1 - Label": "custom",
            "Phone 1 - Value": "phone",
            "Phone 2 - Value": "phone",
            "Address 1 - Street": "custom",
            "Address 1 - City": "city",
            "Address 1 - Region": "state",
            "Address 1 - Postal Code": "postal_code",
            "Address 1 - Country": "country",
            "Website 1 - Value": "website",
        },
    ),
    (
        "google-contacts-old",
        GOOGLE_CONTACTS_OLD,
        "google-contacts",
        {
            "Name": "full_name",
            "Given Name": "first_name",
            "Additional Name": "middle_name",
            "Family Name": "last_name",
            "Given Name Yomi": "custom",
            "Location": "location",
            "Occupation": "custom",
            "Group Membership": "tags",
            "E-mail 1 - Type": "custom",
            "E-mail 1 - Value": "email",
            "E-mail 2 - Value": "email",
            "Phone 1 - Value": "phone",
            "Organization 1 - Name": "company",
            "Organization 1 - Title": "title",
            "Organization 2 - Name": "custom",
            "Website 1 - Value": "website",
        },
    ),
    (
        "outlook",
        OUTLOOK,
        "outlook",
        {
            "Title": "custom",
            "Suffix": "custom",
            "Company": "company",
            "Department": "custom",
            "Job Title": "title",
            "Business Street": "custom",
            "Business City": "city",
            "Business State": "state",
            "Business Postal Code": "postal_code",
            "Business Country/Region": "country",
            "Home City": "custom",
            "Home Country/Region": "custom",
            "Assistant's Phone": "custom",
            "Business Fax": "custom",
            "Business Phone": "phone",
            "Business Phone 2": "phone",
            "Car Phone": "custom",
            "Company Main Phone": "company_phone",
            "Home Phone": "phone",
            "Mobile Phone": "phone",
            "Pager": "custom",
            "Primary Phone": "phone",
            "Account": "custom",
            "Categories": "tags",
            "E-mail Address": "email",
            "E-mail Type": "custom",
            "E-mail Display Name": "custom",
            "E-mail 2 Address": "email",
            "E-mail 3 Address": "email",
            "Office Location": "custom",
            "Profession": "custom",
            "Web Page": "website",
        },
    ),
    (
        "everyday",
        "Full Name,E-mail,Phone #,Tel,Cell,Organisation,Role,LinkedIn Profile,Country Code,Zip,"
        "Province,Domain,Tags,Opt-in,Consent Date",
        None,
        {
            "Full Name": "full_name",
            "E-mail": "email",
            "Phone #": "phone",
            "Tel": "phone",
            "Cell": "phone",
            "Organisation": "company",
            "Role": "title",
            "LinkedIn Profile": "linkedin",
            "Country Code": "country",
            "Zip": "postal_code",
            "Province": "state",
            "Domain": "website",
            "Tags": "tags",
            "Opt-in": "consent",
            "Consent Date": "consent_at",
        },
    ),
    (
        "everyday-2",
        "Contact Name,Work Email,Mail,Telephone,Mobile,Employer,Position,Profile URL,Nation,"
        "Postcode,Region,Web,Labels,Opted In,GDPR Consent,Email (Personal)",
        None,
        {
            "Contact Name": "full_name",
            "Work Email": "email",
            "Mail": "email",
            "Email (Personal)": "email",
            "Telephone": "phone",
            "Mobile": "phone",
            "Employer": "company",
            "Position": "title",
            "Profile URL": "linkedin",
            "Nation": "country",
            "Postcode": "postal_code",
            "Region": "state",
            "Web": "website",
            "Labels": "tags",
            "Opted In": "consent",
            "GDPR Consent": "custom",  # a second consent column loses to the first
        },
    ),
    (
        "french",
        "Prénom,Nom,Société,Fonction,E-mail,Téléphone,Portable,Ville,Code postal,Pays",
        None,
        {
            "Prénom": "first_name",
            "Nom": "last_name",
            "Société": "company",
            "Fonction": "title",
            "E-mail": "email",
            "Téléphone": "phone",
            "Portable": "phone",
            "Ville": "city",
            "Code postal": "postal_code",
            "Pays": "country",
        },
    ),
    (
        "french-entreprise",
        "Nom,Entreprise,Poste,Courriel",
        None,
        {"Nom": "full_name", "Entreprise": "company", "Poste": "title", "Courriel": "email"},
    ),
    (
        "german",
        "Vorname,Nachname,Firma,Unternehmen,Position,E-Mail,Telefon,Handy,Stadt,PLZ,Land",
        None,
        {
            "Vorname": "first_name",
            "Nachname": "last_name",
            "Firma": "company",
            "Unternehmen": "custom",
            "Position": "title",
            "E-Mail": "email",
            "Telefon": "phone",
            "Handy": "phone",
            "Stadt": "city",
            "PLZ": "postal_code",
            "Land": "country",
        },
    ),
    (
        "spanish",
        "Nombre,Apellido,Empresa,Cargo,Correo,Teléfono,Ciudad,País",
        None,
        {
            "Nombre": "first_name",
            "Apellido": "last_name",
            "Empresa": "company",
            "Cargo": "title",
            "Correo": "email",
            "Teléfono": "phone",
            "Ciudad": "city",
            "País": "country",
        },
    ),
    (
        "australian-postal-list",  # FEBRL's headers
        "given_name,surname,street_number,address_1,address_2,suburb,postcode,state,soc_sec_id",
        None,
        {
            "given_name": "first_name",
            "surname": "last_name",
            "address_1": "location",
            "suburb": "city",
            "postcode": "postal_code",
            "state": "state",
            "soc_sec_id": "custom",
        },
    ),
    (
        "spanish-nombre-alone",
        "Nombre,Empresa,Correo electrónico",
        None,
        {"Nombre": "full_name", "Empresa": "company", "Correo electrónico": "email"},
    ),
]


def described(header: list[str], colmap: ColumnMap) -> dict[str, str]:
    return dict(colmap.describe(header))


@pytest.mark.parametrize(
    ("line", "profile", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_real_export_headers(line: str, profile: str | None, expected: dict[str, str]) -> None:
    header = line.split(",")
    colmap = map_columns(header)
    assert colmap.profile == profile
    got = described(header, colmap)
    assert {h: got[h] for h in expected} == expected


def test_each_single_field_goes_to_one_column_only() -> None:
    for _, line, _, _ in CASES:
        fields = list(map_columns(line.split(",")).fields.values())
        singles = [f for f in fields if f not in MULTI_FIELDS]
        assert len(singles) == len(set(singles)), line


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("E-mail Address", "emailaddress"),
        ("Phone #", "phone"),
        ("  Prénom ", "prenom"),
        ("ZIP/Postal_Code", "zippostalcode"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_normalize_header(header: str, expected: str) -> None:
    assert normalize_header(header) == expected


# --------------------------------------------------------------------------- pitfalls


def test_outlook_title_is_custom_when_job_title_exists_even_without_profile() -> None:
    header = ["Title", "First Name", "Last Name", "Company", "Job Title", "E-mail Address"]
    got = described(header, map_columns(header))
    assert got["Title"] == "custom"
    assert got["Job Title"] == "title"


def test_title_alone_is_the_job_title() -> None:
    header = ["Name", "Title", "Company", "Email"]
    assert described(header, map_columns(header))["Title"] == "title"


def test_title_column_of_honorifics_stays_custom() -> None:
    header = ["Title", "First Name", "Last Name", "Email"]
    sample = [["Mr.", "A", "B", "a@example.com"], ["Ms", "C", "D", ""], ["Dr.", "E", "F", ""]]
    assert described(header, map_columns(header, sample=sample))["Title"] == "custom"


def test_last_name_is_never_full_name_and_name_alone_is() -> None:
    header = ["Last Name", "Email"]
    assert described(header, map_columns(header))["Last Name"] == "last_name"
    header = ["Name", "Email"]
    assert described(header, map_columns(header))["Name"] == "full_name"


def test_company_name_for_emails_used_only_without_company() -> None:
    header = ["Company Name for Emails", "Email"]
    assert described(header, map_columns(header))["Company Name for Emails"] == "company"


def test_corporate_phone_is_company_phone_when_alone() -> None:
    header = ["Email", "Corporate Phone", "Mobile Phone"]
    got = described(header, map_columns(header))
    assert got == {"Email": "email", "Corporate Phone": "company_phone", "Mobile Phone": "phone"}


def test_confirm_time_is_consent_at_without_optin_time() -> None:
    header = ["Email Address", "CONFIRM_TIME", "CONFIRM_IP"]
    assert described(header, map_columns(header))["CONFIRM_TIME"] == "consent_at"


@pytest.mark.parametrize(
    "opt_out",
    [
        "Email Opt Out",
        "Email Opt-Out",
        "Do Not Contact",
        "DoNotCall",
        "Do Not Call",
        "Unsubscribed",
        "Opted Out",
        "Opt Out",
        "Marketing emails: unsubscribed",
        "Unsubscribed from all email",
    ],
)
def test_opt_out_columns(opt_out: str) -> None:
    header = ["Email", opt_out]
    assert described(header, map_columns(header))[opt_out] == "opt_out"


def test_generic_url_is_linkedin_but_loses_to_a_linkedin_column() -> None:
    header = ["Email", "URL"]
    assert described(header, map_columns(header))["URL"] == "linkedin"
    header = ["Email", "URL", "LinkedIn"]
    got = described(header, map_columns(header))
    assert (got["URL"], got["LinkedIn"]) == ("custom", "linkedin")


def test_company_columns_are_not_sniffed_as_person_fields() -> None:
    header = ["Email", "Company Email", "Company Linkedin"]
    sample = [["a@example.com", "info@example.com", "https://www.linkedin.com/in/x"]] * 5
    got = described(header, map_columns(header, sample=sample))
    assert got["Company Email"] == "custom"
    assert got["Company Linkedin"] == "custom"


def test_flattened_keys_map_by_their_last_part_unless_company_level() -> None:
    header = ["properties.email", "properties.city", "company.city", "Account.Name"]
    got = described(header, map_columns(header))
    assert got == {
        "properties.email": "email",
        "properties.city": "city",
        "company.city": "custom",
        "Account.Name": "company",  # Salesforce API: the account is the company
    }


def test_duplicate_headers_from_the_reader() -> None:
    header = ["Email", "Email (2)", "Company", "Company (2)"]
    got = described(header, map_columns(header))
    assert got == {
        "Email": "email",
        "Email (2)": "email",
        "Company": "company",
        "Company (2)": "custom",
    }


# --------------------------------------------------------------------------- overrides


def test_override_maps_ignores_and_customs() -> None:
    header = ["E-Mail Adresse X", "Tel", "Firma", "Notes", "Secret"]
    overrides = {"e-mail adresse x": "email", "Tel": "custom", "SECRET": "ignore"}
    colmap = map_columns(header, overrides)
    assert colmap.fields == {0: "email", 2: "company"}
    assert colmap.custom == {1: "Tel", 3: "Notes"}
    assert colmap.ignored == (4,)
    assert colmap.describe(header)[4] == ("Secret", "ignored")


def test_override_takes_a_single_field_away_from_the_alias() -> None:
    header = ["Company", "Account Name", "Email"]
    colmap = map_columns(header, {"Account Name": "company"})
    assert described(header, colmap) == {
        "Company": "custom",
        "Account Name": "company",
        "Email": "email",
    }


def test_override_header_must_exist() -> None:
    with pytest.raises(UsageError, match=r"no column 'Mail' in this file; columns are: 'Email'"):
        map_columns(["Email", "Company"], {"Mail": "email"})


def test_override_cannot_give_one_single_field_to_two_columns() -> None:
    with pytest.raises(UsageError, match="given to both"):
        map_columns(["A", "B", "Email"], {"A": "company", "B": "company"})


def test_override_with_unknown_field_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown field 'mail'"):
        map_columns(["A"], {"A": "mail"})


def test_parse_map_options() -> None:
    values = ["E-Mail Adresse=email", " Firma = Company ", "Notes=ignore", "X=custom", "a=b=title"]
    assert parse_map_options(values) == {
        "E-Mail Adresse": "email",
        "Firma": "company",
        "Notes": "ignore",
        "X": "custom",
        "a=b": "title",
    }


@pytest.mark.parametrize("value", ["Email", "=email", "Email=", "  =  "])
def test_parse_map_options_needs_header_and_field(value: str) -> None:
    with pytest.raises(UsageError, match=r"expected HEADER=FIELD"):
        parse_map_options([value])


def test_parse_map_options_unknown_field_lists_fields() -> None:
    with pytest.raises(UsageError) as err:
        parse_map_options(["Mail=e-mail"])
    message = str(err.value)
    assert message.startswith(
        "--map 'Mail=e-mail': unknown field 'e-mail'; fields are: full_name, "
    )
    assert all(f in message for f in (*FIELDS, "custom", "ignore"))


# --------------------------------------------------------------------------- sniffing


def test_sniffs_email_and_linkedin_columns_with_unknown_headers() -> None:
    header = ["Contact", "Col B", "Col C", "Notes"]
    sample = [
        ["Ann", "ann@example.com", "https://www.linkedin.com/in/ann", "met at booth"],
        ["Bob", "BOB@EXAMPLE.ORG", "uk.linkedin.com/in/bob/", "call back"],
        ["Cy", "", "", ""],
        ["Di", "di@example.net", "https://linkedin.com/in/di", "x@y"],
        ["Ed", "ed@example.com", "http://fr.linkedin.com/pub/ed/1/2/3", ""],
    ]
    got = described(header, map_columns(header, sample=sample))
    assert got == {"Contact": "custom", "Col B": "email", "Col C": "linkedin", "Notes": "custom"}


def test_sniffing_needs_80_percent() -> None:
    header = ["Misc"]
    sample = [["a@example.com"], ["b@example.com"], ["c@example.com"], ["n/a"], ["none"]]
    assert map_columns(header, sample=sample).fields == {}
    assert map_columns(header, sample=[*sample[:4], ["d@example.com"]]).fields == {0: "email"}


def test_sniffed_linkedin_loses_to_a_named_linkedin_column() -> None:
    header = ["Person Linkedin Url", "Other"]
    sample = [["https://www.linkedin.com/in/a", "https://www.linkedin.com/in/b"]] * 3
    assert map_columns(header, sample=sample).fields == {0: "linkedin"}


def test_sniffing_copes_with_short_and_ragged_rows() -> None:
    header = ["A", "B", "C"]
    sample: list[list[str]] = [[], ["x@example.com"], ["y@example.com", "z"], ["w@example.com"]]
    assert map_columns(header, sample=sample).fields == {0: "email"}


# --------------------------------------------------------------------------- scale, fuzz


def test_three_thousand_columns_map_quickly() -> None:
    header = APOLLO.split(",") + [f"Custom Field {i}" for i in range(3000)]
    sample = [[f"v{i}" for i in range(len(header))] for _ in range(50)]
    started = time.perf_counter()
    colmap = map_columns(header, sample=sample)
    assert time.perf_counter() - started < 2.0
    assert colmap.profile == "apollo"
    assert described(header, colmap)["Person Linkedin Url"] == "linkedin"
    first_extra = len(APOLLO.split(","))
    assert all(colmap.custom[i] == header[i] for i in range(first_extra, len(header)))


headers = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(APOLLO.split(",") + OUTLOOK.split(",") + ["Nom", "Nombre", "Name"]),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(header=headers, data=st.data())
def test_every_column_ends_in_exactly_one_place(header: list[str], data: st.DataObject) -> None:
    sample = data.draw(st.lists(st.lists(st.text(max_size=20), max_size=45), max_size=5))
    colmap = map_columns(header, sample=sample)
    placed = [*colmap.fields, *colmap.custom, *colmap.ignored]
    assert sorted(placed) == list(range(len(header)))
    assert set(colmap.fields.values()) <= set(FIELDS)
    assert all(colmap.custom[i] == header[i] for i in colmap.custom)
    singles = [f for f in colmap.fields.values() if f not in MULTI_FIELDS]
    assert len(singles) == len(set(singles))


@settings(max_examples=200, deadline=None)
@given(header=st.lists(st.text(max_size=15), min_size=1, max_size=20), data=st.data())
def test_overrides_keep_the_partition(header: list[str], data: st.DataObject) -> None:
    wanted = data.draw(st.sampled_from(header))
    field = data.draw(st.sampled_from([*FIELDS, "custom", "ignore"]))
    try:
        colmap = map_columns(header, {wanted: field})
    except UsageError:
        return
    placed = [*colmap.fields, *colmap.custom, *colmap.ignored]
    assert sorted(placed) == list(range(len(header)))


def test_apollo_stage_is_its_own_vocabulary_and_stays_custom() -> None:
    header = ["First Name", "Last Name", "Company Name for Emails", "Email", "Stage"]
    cmap = map_columns(header)
    assert cmap.profile == "apollo"
    assert cmap.custom.get(4) == "Stage"
