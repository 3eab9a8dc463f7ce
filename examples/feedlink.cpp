// A private feed link from C++ with libdueday: a new random token for the
// subscriber's URL, and its SHA-256, which is all the register keeps.
//   c++ feedlink.cpp $(pkg-config --cflags --libs dueday)
#include <dueday/dueday.h>

#include <iostream>
#include <string>

int main() {
  char token[DD_TOKEN_BUFSIZE], hash[DD_TOKEN_HASH_BUFSIZE];
  dd_diag diag;
  if (dd_token_new(token, &diag) != DD_OK) {
    std::cerr << "feedlink: " << diag.message << '\n';
    return 1;
  }
  dd_token_hash(token, hash);
  std::string url = std::string("https://dueday.example/feeds/") + token;
  std::cout << "link:   " << url << ".ics\n"
            << "stored: " << hash << '\n'
            << "well formed: " << (dd_token_well_formed(token) ? "yes" : "no")
            << '\n';
  return 0;
}
