// Text inside HTML or XML elements and attribute values: &, <, > and " escaped, as the JUnit
// writer and the HTML pages need alike.
#ifndef METALLAB_REPORTS_MARKUP_ESCAPE_H_
#define METALLAB_REPORTS_MARKUP_ESCAPE_H_

#include <string>
#include <string_view>

namespace metallab::reports {

std::string EscapeMarkup(std::string_view text);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_MARKUP_ESCAPE_H_
