# Writes the site's service worker from web/coi-sw.js with the files it caches for offline use (every file of
# the site but the benchmark's) and this build's version, a hash of those files: any change to one makes a
# new worker, which replaces the old cache (see web/coi-sw.js). Run by the site target (CMakeLists.txt) after
# the page's builds: cmake -DSOURCE=web/coi-sw.js -DSITE=build/web/site -P tools/site_version.cmake
file(GLOB names RELATIVE ${SITE} ${SITE}/*)
set(cached "./")  # the page's own address, besides index.html
set(hashes "")
foreach(name IN LISTS names)
  if(IS_DIRECTORY ${SITE}/${name} OR name STREQUAL "coi-sw.js" OR name MATCHES "^bench")
    continue()
  endif()
  file(SHA256 ${SITE}/${name} hash)
  string(APPEND hashes "${name} ${hash}\n")
  list(APPEND cached ${name})
endforeach()
string(SHA256 version "${hashes}")
string(SUBSTRING ${version} 0 16 DL_SITE_VERSION)
list(JOIN cached " " DL_SITE_FILES)
configure_file(${SOURCE} ${SITE}/coi-sw.js @ONLY)
