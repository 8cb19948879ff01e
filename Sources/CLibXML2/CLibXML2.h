#include <libxml/xmlversion.h>
// Debian's libxml2 headers pull in the system ICU, whose types clash with Foundation's own copy.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlstring.h>
#include <libxml/entities.h>
#include <libxml/uri.h>
#include <libxml/encoding.h>
