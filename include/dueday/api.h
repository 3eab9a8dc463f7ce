/* What every public header shares: DD_API marks the functions the shared
 * libraries export (everything else is built hidden), and the extern "C"
 * guards let C++ programs include the headers as they are. */
#ifndef DUEDAY_API_H
#define DUEDAY_API_H

#if defined(__GNUC__)
#define DD_API __attribute__((visibility("default")))
#else
#define DD_API
#endif

#ifdef __cplusplus
#define DD_BEGIN_DECLS extern "C" {
#define DD_END_DECLS }
#else
#define DD_BEGIN_DECLS
#define DD_END_DECLS
#endif

#endif
